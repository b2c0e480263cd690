# Annuaire des structures
cancel = Annuler
directory-title = Annuaire
directory-list-link = Voir la liste filtrable.
directory-new = Nouvelle structure
directory-edit = Modifier
directory-delete = Supprimer
directory-log-interaction = + Noter un échange
directory-filter-name = Nom contient
directory-tag = Mot-clé
directory-sort = Trier par
directory-sort-name = nom
directory-sort-commune = commune
directory-sort-departement = département
directory-sort-updated = dernière modification
directory-name = Nom
directory-acronym = Sigle
directory-scope = Échelle
directory-parent = Structure parente
directory-commune = Commune
directory-postcode = Code postal
directory-address = Adresse
directory-latitude = Latitude
directory-longitude = Longitude
directory-website = Site web
directory-contact-form = Formulaire de contact
directory-phone = Téléphone
directory-email-hint = L'adresse générique de la structure (contact@…), pas celle d'une personne.
directory-description = Description
directory-governance = Gouvernance :
directory-governance-hint = Ce qui décide du bon moment pour approcher (par exemple : « les mandats se terminent en décembre »).
directory-tags = Mots-clés
directory-tags-hint = Séparés par des virgules.
directory-channels = Canaux
directory-channel-kind = Type de canal
directory-channel-address = Adresse ou lien
directory-channel-label = Précision
directory-identity = Identité
directory-family = Rattachements et relations
directory-children = Structures rattachées :
directory-no-family = Aucune structure parente, rattachée ou liée.
directory-workshops = Ateliers numériques déjà proposés
directory-workshops-run-by = Animés par :
directory-outreach = Suivi par campagne
directory-people = Personnes et rôles
directory-no-people = Aucune personne enregistrée pour cette structure.
directory-no-interactions = Aucun échange enregistré.
directory-no-events = Aucun événement enregistré.
directory-parent-unknown = Cette structure parente n'existe pas.
directory-parent-cycle = Une structure ne peut pas être rattachée à elle-même ni à l'une de ses structures rattachées.
directory-region-unknown = Région inconnue.
directory-departement-unknown = Département inconnu (exemples : 35, 2A, 974).
directory-departement-outside-region = Ce département n'appartient pas à la région choisie.
directory-postcode-invalid = Un code postal a 5 chiffres (exemple : 35000).
directory-coordinate-invalid = Coordonnée invalide (latitude entre -90 et 90, longitude entre -180 et 180).
directory-url-invalid = Une adresse web commence par http:// ou https://.
directory-delete-warning = Sa suppression efface aussi ses { $interactions } échange(s) et { $members } rôle(s) de personnes.
directory-delete-children = { $count ->
    [one] Une structure y est rattachée. Que devient-elle ?
   *[other] { $count } structures y sont rattachées. Que deviennent-elles ?
}
directory-children-move-up = Les rattacher à la structure parente de celle-ci
directory-children-detach = Les laisser sans structure parente
directory-children-delete = Les supprimer aussi
directory-delete-choose = Choisissez ce que deviennent les structures rattachées.
directory-delete-confirm = Supprimer définitivement cette structure ?
relation-coordinates-reverse = coordonnée par
relation-member-of-reverse = a pour membre
relation-partner-of-reverse = partenaire de
relation-relays-to-reverse = relayée par

## Links between organisations, roles from the organisation's page
relation-add = Ajouter un lien avec une autre structure
relation-kind = Lien
relation-other = Autre structure
relation-other-hint = Son nom ou son sigle, tel qu'il figure dans l'annuaire.
relation-note = Précision (facultatif)
relation-remove = Retirer le lien
relation-kind-required = Choisissez le type de lien.
relation-other-unknown = Aucune structure de l'annuaire ne porte ce nom ou ce sigle :
relation-self = Une structure ne peut pas être liée à elle-même.
relation-exists = Ce lien existe déjà.
membership-add-person = Ajouter une personne
membership-person = Personne
membership-person-required = Choisissez une personne de l'annuaire.
directory-imported-details = Informations de la source (services, publics, horaires…)

## Portée : combien de bibliothèques, de membres ou d'abonné·es une structure touche
directory-sort-reach = portée (la plus grande d'abord)
reach-title = Portée
reach-label = Portée :
reach-column = Portée
reach-libraries = { $count ->
    [0] aucune bibliothèque accompagnée
    [one] 1 bibliothèque accompagnée
   *[other] { $count } bibliothèques accompagnées
}
reach-members = { $count ->
    [0] aucun membre
    [one] 1 membre
   *[other] { $count } membres
}
reach-audience = { $count ->
    [one] 1 abonné·e (estimation)
   *[other] { $count } abonné·es (estimation)
}
reach-libraries-explain = Bibliothèques de l'annuaire situées dans une commune de moins de 10 000 habitants (population de la liste nationale des bibliothèques publiques), département : { $departement }. Une bibliothèque départementale forme et accompagne ces bibliothèques.
reach-members-explain = Structures de l'annuaire liées à ce réseau comme « membre de », ou qu'il coordonne.
reach-audience-explain = Audience estimée par un·e bénévole ; source : { $source }.
reach-audience-explain-short = Audience estimée par un·e bénévole (la source figure sur la fiche).
reach-largest = La portée retenue est le plus grand de ces chiffres.
reach-needs-departement = Portée inconnue : indiquez son département pour compter les bibliothèques qu'elle accompagne.
reach-audience-unknown = Portée inconnue : indiquez l'audience estimée de la liste dans sa fiche, avec sa source.
reach-commune-population = Population de la commune
reach-inhabitants = { $count ->
    [one] 1 habitant
   *[other] { $count } habitants
}
reach-audience-legend = Audience d'une liste ou d'une lettre d'information
reach-audience-intro = Pour une liste de diffusion ou une lettre d'information : combien de personnes la reçoivent, et d'où vient ce chiffre. Elle compte dans la portée de la structure.
reach-audience-estimate = Audience estimée (abonné·es)
reach-audience-estimate-hint = Un nombre entier, par exemple 1 200.
reach-audience-source = Source de l'estimation
reach-audience-source-hint = D'où vient le chiffre : page d'inscription, message de l'animateur ou de l'animatrice, rapport d'activité…
reach-audience-invalid = Indiquez un nombre entier entre 1 et 10 000 000.
reach-audience-source-required = Indiquez d'où vient cette estimation.
reach-audience-estimate-required = Indiquez l'audience estimée, ou effacez sa source.
audit-field-commune-population = Population de la commune
audit-field-audience-estimate = Audience estimée
audit-field-audience-source = Source de l'audience

## Merging duplicates
directory-merge = Fusionner avec…
duplicates-title = Doublons probables
duplicates-intro = { $count ->
    [0] Aucune paire de structures ne se ressemble assez pour être un doublon probable.
    [one] Une paire de structures se ressemble : même nom dans la même commune, même site, même adresse électronique ou même position. Comparez-les avant de fusionner.
   *[other] { $count } paires de structures se ressemblent : même nom dans la même commune, même site, même adresse électronique ou même position. Comparez-les avant de fusionner.
}
duplicates-none = Aucun doublon probable.
duplicates-first = Structure
duplicates-second = Ressemble à
duplicates-why = Pourquoi
duplicates-actions = Actions
duplicates-dismiss = Ce ne sont pas des doublons
duplicates-more = Et { $count } autres paires : traitez celles-ci d'abord.
duplicates-reason-name-commune = même nom, même commune
duplicates-reason-website = même site web
duplicates-reason-email = même adresse électronique
duplicates-reason-position = même position
merge-title = Fusionner
merge-choose-intro = Choisissez la structure qui est en fait la même que celle-ci. Vous comparerez ensuite les deux fiches champ par champ avant de confirmer.
merge-with = Structure à fusionner dans celle-ci
merge-with-unknown = Aucune structure de ce nom : choisissez-en une dans la liste.
merge-with-itself = Choisissez une autre structure que celle-ci.
merge-compare = Comparer
merge-stale = L'une des deux fiches a été modifiée entre-temps. Voici leur état actuel : vérifiez vos choix et confirmez à nouveau.
merge-intro = « { $merged } » sera fusionnée dans « { $kept } » : tout ce qui lui est rattaché passe à « { $kept } », puis elle est supprimée. Son historique est conservé.
merge-swap = Garder plutôt l'autre fiche
merge-confirm = Fusionner ces deux fiches ? Cette opération ne peut pas être défaite automatiquement.
merge-same-values = Les deux fiches ont les mêmes valeurs : rien à choisir.
merge-fields = Valeurs à garder, champ par champ
merge-field = Champ
merge-commune-code = Commune de référence (code INSEE)
merge-kept = Fiche gardée
merge-merged = Fiche fusionnée
merge-moves = Ce qui change de fiche
merge-moves-intro = De la fiche fusionnée vers la fiche gardée :
merge-moves-people = { $count ->
    [one] une personne (son rôle)
   *[other] { $count } personnes (leurs rôles)
}
merge-moves-interactions = { $count ->
    [one] un échange
   *[other] { $count } échanges
}
merge-moves-campaigns = { $count ->
    [one] un suivi de campagne (si les deux fiches sont suivies par la même campagne, le suivi modifié le plus récemment est gardé, avec l'historique des deux)
   *[other] { $count } suivis de campagne (si les deux fiches sont suivies par la même campagne, le suivi modifié le plus récemment est gardé, avec l'historique des deux)
}
merge-moves-events = { $count ->
    [one] un événement organisé
   *[other] { $count } événements organisés
}
merge-moves-sessions = { $count ->
    [one] un atelier accueilli
   *[other] { $count } ateliers accueillis
}
merge-moves-channels = { $count ->
    [one] un canal de contact
   *[other] { $count } canaux de contact
}
merge-moves-relations = { $count ->
    [one] un lien avec une autre structure
   *[other] { $count } liens avec d'autres structures
}
merge-moves-children = { $count ->
    [one] une structure rattachée
   *[other] { $count } structures rattachées
}
merge-moves-alias = son identifiant d'import, gardé comme alias : un nouvel import la retrouvera dans la fiche gardée
merge-kept-has = La fiche gardée a déjà { $people } personne(s) et { $interactions } échange(s).
merge-do = Fusionner
flash-merged = Fiches fusionnées.
audit-action-merge = Fusion
audit-field-merged-with = Fusionnée avec

## Bulk actions
bulk-select = Sélection
bulk-select-one = Sélectionner { $name }
bulk-action = Action groupée
bulk-scope = Sur quelles structures
bulk-scope-selection = les structures cochées
bulk-scope-filter = { $count ->
    [one] la structure du filtre
   *[other] les { $count } structures du filtre
}
bulk-continue = Continuer…
bulk-export = Exporter (CSV)
bulk-action-add-tags = Ajouter des étiquettes
bulk-action-remove-tags = Retirer des étiquettes
bulk-action-add-to-campaign = Ajouter à une campagne
bulk-action-move-stage = Changer l'étape dans une campagne
bulk-action-set-owner = Confier le suivi à…
bulk-action-set-not-before = Ne pas approcher avant…
bulk-choose-action = Choisissez une action groupée dans la liste.
bulk-none-selected = Cochez au moins une structure, ou choisissez « les structures du filtre ».
bulk-too-many = Trop de structures cochées : utilisez plutôt un filtre.
bulk-count = { $count ->
    [0] Aucune structure n'est concernée.
    [one] Cette action concernera une structure.
   *[other] Cette action concernera { $count } structures.
}
bulk-which = Lesquelles
bulk-and-more = et { $count } autres
bulk-campaign = Campagne
bulk-campaign-required = Choisissez la campagne concernée.
bulk-tags-required = Indiquez au moins une étiquette.
bulk-tags-too-long = Une étiquette est trop longue (200 caractères au plus).
bulk-not-before = Ne pas approcher avant le
bulk-not-before-hint = Laissez vide pour lever la date.
bulk-apply = { $count ->
    [one] Appliquer à une structure
   *[other] Appliquer aux { $count } structures
}
bulk-done = { $count ->
    [0] Aucune structure modifiée.
    [one] Fait pour une structure.
   *[other] Fait pour { $count } structures.
}
bulk-refused = { $count ->
    [one] Une structure laissée telle quelle
   *[other] { $count } structures laissées telles quelles
}
bulk-why = Pourquoi
bulk-refused-changed = modifiée par quelqu'un d'autre depuis l'aperçu : vérifiez-la et recommencez
bulk-refused-already-in = déjà dans la campagne
bulk-refused-not-in = pas dans cette campagne

## Map of France
map-title = Carte des départements
map-page-title = Carte de l'annuaire
map-link = Carte
map-list-link = Voir la liste
map-count = { $count ->
    [0] aucune structure
    [one] une structure
   *[other] { $count } structures
}
map-none = aucune
map-credit = Contours : IGN Admin Express, INSEE COG, via france-geojson (Licence Ouverte).
map-position = Position de la structure sur la carte de France
map-table-caption = Structures par département
map-organisations = Structures
directory-filter-campaign = Campagne
directory-columns = Colonnes affichées
directory-column-owner = Suivie par
directory-column-last-contact = Dernier échange
map-by = Colorer selon
map-by-organisations = les structures
map-by-stages = les étapes d'une campagne
map-by-events = les événements à venir
map-by-hint = Pour les étapes, choisissez la campagne dans le filtre (la plus récente sinon). Les événements ne suivent que la région et le département du filtre.
map-no-campaign = Aucune campagne : créez-en une pour voir ses étapes sur la carte.
map-board-link = Tableau de la campagne
map-agenda-link = Voir l'agenda
map-stages-caption = Structures de la campagne par département et par étape
map-total = Total
map-events = Événements à venir
map-events-caption = Événements à venir par département
map-events-scope = Les douze prochains mois, comme la liste de l'agenda ; un événement compte une fois quel que soit le nombre de ses dates.
map-events-count = { $count ->
    [0] aucun événement à venir
    [one] un événement à venir
   *[other] { $count } événements à venir
}

## Probable duplicates among people (src/people/duplicates.rs)
duplicates-reason-name = même nom
duplicates-reason-phone = même téléphone
audit-field-merged-lawful-basis = Base légale de la fiche fusionnée
