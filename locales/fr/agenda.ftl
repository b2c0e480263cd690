agenda-title = Agenda
agenda-open = Ouvrir l'agenda
agenda-new = Nouvel événement
agenda-filters = Filtres
agenda-filter-reset = Tout afficher
agenda-filter-several = Sans choix, tout est montré ; Ctrl (⌘ sur Mac) ou Maj pour en choisir plusieurs.
agenda-from = Du
agenda-to = Au
agenda-kind = Type d'événement
agenda-theme = Thème
agenda-themes = Thèmes
agenda-themes-hint = Séparés par des virgules, par exemple : numérique, bibliothèques
agenda-participation = Notre participation
agenda-participants = Qui y va
agenda-participants-hint = Prénoms des bénévoles, par exemple : Camille, Théo
agenda-views = Affichage
agenda-view-list = Liste
agenda-view-month = Mois
agenda-month-nav = Changer de mois
agenda-empty = Aucun événement ne correspond à ces critères sur cette période.
agenda-all-day = toute la journée
agenda-online = En ligne
agenda-recurring = Événement récurrent
agenda-cfp-until = appel à propositions jusqu'au
agenda-cfp-deadline = Clôture de l'appel à propositions
agenda-cfp-link = Appel à propositions
agenda-calls-title = Appels à propositions
agenda-calls-closing = Appels à propositions qui se terminent bientôt
agenda-calls-within = Se terminant dans les semaines à venir :
agenda-event = Événement
agenda-download-ics = Télécharger (.ics)
agenda-subscribe = S'abonner depuis un agenda
agenda-subscribe-explain = Votre application d'agenda (Thunderbird, Apple Calendrier, Google Agenda, téléphone) peut s'abonner aux événements de relais. Elle ne peut pas se connecter : elle utilise une adresse personnelle secrète. Le flux ne contient que des événements, jamais de données sur les personnes.
agenda-subscribe-new = Votre adresse d'abonnement (copiez-la maintenant : elle ne sera plus affichée) :
agenda-subscribe-address = Adresse d'abonnement
agenda-subscribe-open = Ouvrir dans mon application d'agenda
agenda-subscribe-existing = Vous avez déjà une adresse d'abonnement. En créer une nouvelle désactive l'ancienne.
agenda-subscribe-create = Créer mon adresse d'abonnement
agenda-subscribe-regenerate = Créer une nouvelle adresse (l'ancienne cesse de fonctionner)
agenda-when = Quand
agenda-recurrence = Récurrence
agenda-place = Lieu
agenda-place-name = Lieu (salle, adresse)
agenda-organisers = Organisé par
agenda-organisers-hint = Noms ou sigles de structures de l'annuaire, séparés par des points-virgules
agenda-url = Site de l'événement
agenda-source = Provenance
agenda-source-import = Importé d'un fichier iCalendar
agenda-description = Description
agenda-next-occurrences = Prochaines dates
agenda-cancelled = (annulée)
agenda-change-occurrence = modifier ou annuler cette date
agenda-changed-count = Dates modifiées ou annulées :
agenda-title-field = Titre
agenda-start-date = Date de début
agenda-start-time = Heure de début
agenda-end-date = Date de fin
agenda-end-time = Heure de fin
agenda-time-zone = Fuseau horaire
agenda-time-zone-hint = Europe/Paris par défaut ; par exemple America/Cayenne, Indian/Reunion
agenda-repeat = Répétition
agenda-repeat-none = Ne se répète pas
agenda-repeat-weekly = Chaque semaine
agenda-repeat-monthly = Chaque mois, même jour
agenda-repeat-monthly-weekday = Chaque mois, même jour de la semaine (ex. 1er jeudi)
agenda-repeat-quarterly-weekday = Chaque trimestre, même jour de la semaine
agenda-repeat-yearly = Chaque année
agenda-repeat-custom = Règle personnalisée (ci-contre)
agenda-rrule = Règle de récurrence (RFC 5545)
agenda-rrule-hint = Par exemple FREQ=YEARLY;BYMONTH=6 (chaque juin)
agenda-rdates = Dates en plus
agenda-rdates-hint = Occurrences hors de la règle, séparées par des espaces : 2027-07-01 ou 2027-07-01T09:30
agenda-exdates = Dates exclues
agenda-exdates-hint = Dates sans occurrence, séparées par des espaces : 2027-07-01 ou 2027-07-01T09:30
agenda-delete-explain = L'événement et toutes ses dates seront supprimés. L'historique garde une trace de la suppression.
agenda-occurrence-explain = Modifiez ou annulez cette seule date ; le reste de la série ne change pas.
agenda-note = Note
agenda-save-occurrence = Enregistrer cette date
agenda-cancel-occurrence = Annuler cette date
agenda-cancel-occurrence-confirm = Annuler la date du { $when } ? Les autres dates de la série ne changent pas.
agenda-keep-occurrence = Non, garder cette date
agenda-restore-occurrence = Rétablir la date prévue par la série
agenda-error-time = Heure invalide : utilisez le format 09:30.
agenda-error-time-or-all-day = Indiquez une heure de début, ou cochez « toute la journée ».
agenda-error-zone = Fuseau horaire inconnu : utilisez un nom comme Europe/Paris.
agenda-error-end-before-start = La fin doit venir après le début.
agenda-error-rrule = Règle de récurrence invalide ({ $reason })
agenda-error-organiser = Structure introuvable dans l'annuaire : « { $name } »
agenda-error-occurrence = Cette date ne fait pas partie de la série.
agenda-error-filter = Filtre invalide :
agenda-error-weeks = Le nombre de semaines doit être un entier entre 1 et 104.
agenda-error-token = Adresse d'abonnement inconnue ou remplacée : créez-en une nouvelle depuis relais.
agenda-import-title = Importer un fichier .ics
agenda-import-explain = Importez l'agenda d'un organisateur (fichier iCalendar). Un nouvel import met à jour les événements déjà importés, sans doublon, et garde ce que vous avez modifié dans relais (notre participation par exemple). Un fichier invalide est refusé en entier.
agenda-import-file = Fichier iCalendar (.ics)
agenda-import-submit = Importer
agenda-import-refused = Fichier refusé, rien n'a été importé :
agenda-import-done = Import terminé :
agenda-import-created = créé(s)
agenda-import-updated = mis à jour
agenda-import-unchanged = inchangé(s)
agenda-import-empty = Aucun fichier reçu : choisissez un fichier .ics.
agenda-import-not-text = Ce fichier n'est pas du texte UTF-8 : est-ce bien un fichier .ics ?
agenda-feeds-title = Agendas suivis
agenda-feeds-explain = Les agendas publiés par des organisateurs (par exemple sur OpenAgenda) sont relus régulièrement en arrière-plan ; leurs événements arrivent dans relais sans doublon.
agenda-feeds-empty = Aucun agenda suivi pour l'instant.
agenda-feed-name = Nom
agenda-feed-url = Adresse du flux iCalendar
agenda-feed-organiser = Organisateur (facultatif)
agenda-feed-status = Dernière lecture
agenda-feed-actions = Actions
agenda-feed-never = jamais lu
agenda-feed-refresh = Relire maintenant
agenda-feed-add = Suivre un agenda
agenda-feed-url-invalid = L'adresse doit commencer par http://, https:// ou webcal://.
agenda-feed-url-private = Cette adresse est celle d'une machine locale ou d'un réseau privé : relais ne lit que des agendas publiés sur internet.
agenda-error-date-in-list = Date invalide « { $value } » : utilisez le format AAAA-MM-JJ ou AAAA-MM-JJTHH:MM.
agenda-error-database = base de données : { $error }
agenda-ical-line = ligne { $line } : { $message }
agenda-ical-no-colon = ligne sans « : » entre le nom et la valeur ({ $text })
agenda-ical-bad-name = nom de propriété invalide « { $name } »
agenda-ical-bad-param = paramètre sans « = » : « { $param } »
agenda-ical-after-end = contenu après la fin du calendrier
agenda-ical-not-vcalendar = le fichier doit commencer par BEGIN:VCALENDAR, pas BEGIN:{ $name }
agenda-ical-end-without-begin = END:{ $name } sans BEGIN correspondant
agenda-ical-end-mismatch = END:{ $name } ferme BEGIN:{ $open } ouvert ligne { $line }
agenda-ical-outside = propriété hors de BEGIN:VCALENDAR … END:VCALENDAR
agenda-ical-never-closed = BEGIN:{ $name } jamais fermé (END:{ $name } manquant)
agenda-ical-no-calendar = aucun calendrier (BEGIN:VCALENDAR) dans le fichier
agenda-ical-bad-date = date invalide « { $value } » dans { $property }
agenda-import-summary = { $created } créé(s), { $updated } mis à jour, { $unchanged } inchangé(s), { $skipped } ignoré(s)
agenda-import-uid-twice = UID « { $uid } » déjà donné ligne { $first } : cet événement remplace le précédent
agenda-import-no-start = événement sans date de début (DTSTART) : ignoré
agenda-import-orphan-change = occurrence modifiée d'une série absente du fichier : ignorée
agenda-import-out-of-years = date hors des années { $first } à { $last } dans { $property }
agenda-import-bad-duration = durée invalide « { $value } »
agenda-import-bad-rule = règle de récurrence invalide « { $rule } » : { $reason }
agenda-import-cut = { $property } coupé à { $max } caractères (il en avait { $length })
agenda-import-link-dropped = lien « { $link } » ignoré : seuls les liens http:// et https:// sont gardés
agenda-import-untitled = (sans titre)
agenda-fetch-invalid-url = adresse invalide (http:// ou https:// attendu)
agenda-fetch-private = adresse { $address } refusée : elle n'est pas publique (réseau local ou privé)
agenda-fetch-connect = connexion impossible ({ $reason })
agenda-fetch-status = le serveur répond { $status }
agenda-fetch-bad-redirect = redirection sans adresse valide
agenda-fetch-too-many-redirects = plus de { $max } redirections
agenda-fetch-timeout = pas de réponse complète en { $seconds } secondes
agenda-fetch-too-large = flux trop volumineux (plus de { $megabytes } Mo)
agenda-fetch-not-text = le flux n'est pas du texte UTF-8
agenda-feed-error-invalid = ligne { $line } : ce n'est pas un calendrier iCalendar valide
agenda-feed-error-internal = erreur interne pendant la lecture du flux
agenda-feed-organisers = Organisation : { $names }
agenda-feed-cfp = Appel à propositions : { $title } (clôture)
agenda-feed-calendar = relais – agenda
agenda-audit-cancelled = annulée
agenda-audit-restored = rétablie
day-mon = lun.
day-tue = mar.
day-wed = mer.
day-thu = jeu.
day-fri = ven.
day-sat = sam.
day-sun = dim.

## Recurrence rules in words (agenda::recurrence::describe)
agenda-rrule-daily = { $interval ->
    [1] chaque jour
   *[other] tous les { $interval } jours
}
agenda-rrule-weekly = { $interval ->
    [1] chaque semaine
   *[other] toutes les { $interval } semaines
}
agenda-rrule-monthly = { $interval ->
    [1] chaque mois
   *[other] tous les { $interval } mois
}
agenda-rrule-yearly = { $interval ->
    [1] chaque année
   *[other] tous les { $interval } ans
}
agenda-rrule-weekly-on = { $interval ->
    [1] chaque { $days }
   *[other] toutes les { $interval } semaines, le { $days }
}
agenda-rrule-monthly-on = { $interval ->
    [1] { $days } de chaque mois
   *[other] { $days }, tous les { $interval } mois
}
agenda-rrule-and = { $first } et { $last }
agenda-rrule-nth = { $n ->
    [1] 1er
   *[other] { $n }e
}
agenda-rrule-nth-weekday = le { $nth } { $day }
agenda-rrule-last-weekday = le dernier { $day }
agenda-rrule-every-weekday = tous les { $day }s
agenda-rrule-month-day = { $n ->
    [1] le 1er
   *[other] le { $n }
}
agenda-rrule-last-month-day = le dernier jour
agenda-rrule-count = { $count ->
    [1] une fois
   *[other] { $count } fois
}
agenda-rrule-until = jusqu'au { $date }
agenda-rrule-other = se répète (règle : { $rule })
agenda-weekday-mo = lundi
agenda-weekday-tu = mardi
agenda-weekday-we = mercredi
agenda-weekday-th = jeudi
agenda-weekday-fr = vendredi
agenda-weekday-sa = samedi
agenda-weekday-su = dimanche
agenda-view-week = Semaine
agenda-week-nav = Changer de semaine
agenda-week-of = Semaine du { $date }

## Lineages: the editions of a yearly event (agenda::lineage)
lineage-title = Éditions
lineage-part-of = Cet événement fait partie de la lignée « { $name } » : ses éditions successives.
lineage-none = Cet événement n'est rattaché à aucune lignée. Rattachez-le aux éditions précédentes du même événement annuel pour en voir l'historique et la date probable de la prochaine édition.
lineage-next = Prochaine édition
lineage-probable-date = date probable
lineage-probable-call = Clôture probable de l'appel à propositions
lineage-rule-fixed-day = Les deux dernières éditions ont eu lieu le { $day } du même mois : même jour l'an prochain. Date à confirmer.
lineage-rule-weekday = Même rang et même jour de la semaine que la dernière édition ({ $nth } { $weekday } du mois). Date à confirmer.
lineage-rule-last-weekday = Même jour de la semaine que la dernière édition, le dernier du mois ({ $weekday }). Date à confirmer.
lineage-contacts = { $count ->
    [0] aucun contact noté
    [one] { $count } contact noté
   *[other] { $count } contacts notés
}
lineage-captured = { $count ->
    [one] { $count } personne rencontrée sur le stand
   *[other] { $count } personnes rencontrées sur le stand
}
lineage-this-edition = cette édition
lineage-last-edition = Dernière édition :
lineage-choose = Lignée existante
lineage-join = Rattacher à cette lignée
lineage-start = Créer une lignée à partir de cet événement
lineage-leave = Détacher de sa lignée
lineage-error-unknown = Cette lignée n'existe pas (ou plus) : choisissez-en une dans la liste.
lineage-error-action = Action inconnue sur la lignée.
lineage-error-conflict = L'événement a été modifié entre-temps : rechargez la page et recommencez.
audit-field-lineage-id = Lignée

## Event-day capture (agenda::capture)
capture-open = Saisie sur le stand
capture-title = Saisie sur le stand
capture-full-name = Nom
capture-organisation = Structure (telle que dite)
capture-role = Fonction
capture-contact = E-mail ou téléphone
capture-asked = Ce qu'elle ou il a demandé
capture-follow-up = Souhaite être recontacté·e
capture-save = Enregistrer
capture-queue-link = { $count ->
    [0] File de tri (vide)
    [one] File de tri : { $count } saisie à trier
   *[other] File de tri : { $count } saisies à trier
}
capture-waiting = { $count ->
    [one] { $count } saisie à trier
   *[other] { $count } saisies à trier
}
capture-flagged = En attente depuis plus de { $days } jours : à trier en priorité.
capture-flagged-count = { $count ->
    [one] { $count } en attente depuis plus de { $days } jours
   *[other] { $count } en attente depuis plus de { $days } jours
}
capture-captured-at = Saisi le
capture-captured-on = saisi le
capture-queue-title = File de tri – { $event }
capture-back-to-event = Retour à l'événement
capture-queue-explain = Chaque saisie devient une personne (nouvelle ou déjà connue), une structure, un contact noté et, si souhaité, une relance. Après le tri, rien de ce qui a été saisi ne reste dans la file.
capture-queue-empty = Aucune saisie à trier.
capture-queues-title = Saisies de stand à trier
capture-queues-empty = Aucune saisie de stand n'attend d'être triée.
capture-triage = Trier
capture-triaged-count = { $count ->
    [one] { $count } saisie déjà triée.
   *[other] { $count } saisies déjà triées.
}
capture-triage-title = Trier la saisie : { $name }
capture-typed = Ce qui a été saisi
capture-who = Qui est-ce ?
capture-existing-person = Personne déjà connue :
capture-other-person = Une autre personne déjà connue (à chercher ci-dessous)
capture-person-pick = Personne déjà connue
capture-new-person = Une nouvelle personne
capture-email = E-mail
capture-phone = Téléphone
capture-merge-hint = Pour une personne déjà connue, ne complète que ce qui manque à sa fiche.
capture-where = Où travaille-t-elle ?
capture-existing-organisation = Structure de l'annuaire :
capture-other-organisation = Une autre structure de l'annuaire (à chercher ci-dessous)
capture-organisation-pick = Structure de l'annuaire
capture-new-organisation = Une nouvelle structure
capture-organisation-name = Nom de la nouvelle structure
capture-organisation-kind = Type de la nouvelle structure
capture-no-organisation = Aucune structure
capture-role-hint = Ajoutée comme fonction dans la structure si elle n'y en a pas déjà une.
capture-role-default = Contact rencontré sur un stand
capture-privacy = Données personnelles
capture-lawful-basis = Base légale
capture-source-field = Source
capture-source = Stand : { $event }, { $date }
capture-contact-logged = Contact noté
capture-summary = Résumé
capture-summary-default = Rencontre sur le stand : { $event }
capture-follow-up-on = Relance le
capture-follow-up-hint = Laissez vide si aucune relance n'est souhaitée. Aucune relance n'est créée pour une personne qui ne veut pas être contactée.
capture-cleared-after = Une fois triée, la saisie est vidée : seule sa trace (date, qui l'a triée) reste.
capture-triage-save = Enregistrer le tri
capture-discard = Écarter cette saisie (doublon, essai)
capture-error-contact = Indiquez une adresse e-mail (avec @) ou un numéro de téléphone (chiffres, espaces, +).
capture-error-phone = Numéro de téléphone invalide (chiffres, espaces, + ; 6 à 20 chiffres).
capture-error-person = Choisissez une personne proposée, cherchez-en une autre ou créez-en une nouvelle.
capture-error-organisation = Choisissez une structure proposée, cherchez-en une autre, créez-en une ou indiquez « aucune ».
capture-error-organisation-new = La nouvelle structure ne peut pas être créée ainsi : vérifiez son nom et son type.
capture-error-follow-up-before = La relance ne peut pas précéder le jour de la rencontre.
capture-already-triaged = Cette saisie a déjà été triée (ou écartée) : elle n'est plus dans la file.
capture-triage-conflict = La personne ou la structure choisie a changé entre-temps : rien n'a été enregistré, recommencez le tri.
capture-dashboard-flagged = { $count ->
    [one] { $count } saisie de stand attend d'être triée depuis plus de { $days } jours.
   *[other] { $count } saisies de stand attendent d'être triées depuis plus de { $days } jours.
}
flash-capture-saved = Saisie enregistrée. Personne suivante ?
flash-capture-triaged = Saisie triée : la fiche et le contact sont enregistrés.
flash-capture-discarded = Saisie écartée.
