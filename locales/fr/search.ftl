# Recherche
search-title = Recherche
search-help = Sans accents ni majuscules, fautes de frappe tolérées ; les résultats suivent votre saisie.
search-unavailable = La recherche est momentanément indisponible. Vos modifications sont bien enregistrées et seront retrouvables dès son retour.
search-facets = Affiner
search-total = { $count ->
    [0] Aucun résultat
    [one] 1 résultat
   *[other] { $count } résultats
}
search-type-organisation = structure
search-type-person = personne
search-type-event = événement
search-type-kit = kit d'atelier
search-facet-type = Type de fiche
search-facet-kind = Catégorie
search-facet-region = Région
search-facet-departement = Département
search-facet-stage = Étape de suivi
search-facet-tag = Mots-clés
search-facet-when = Date
search-when-upcoming = à venir
search-when-past = passé
page-previous = Page précédente
page-next = Page suivante
page-of = Page { $page } sur { $pages }
pick-hint = Tapez quelques lettres du nom ou du sigle, puis choisissez dans la liste.
pick-ambiguous = Plusieurs fiches correspondent : précisez
pick-candidates = Fiches qui correspondent
pick-no-match = Aucune fiche ne correspond.
pick-organisation-unknown = Aucune structure de l'annuaire ne correspond.
pick-person-unknown = Aucune personne de l'annuaire ne correspond (ou ses données ont été effacées).

## Command palette
palette-title = Aller à…
palette-open = Aller à…
palette-label = Structure, personne, événement, page ou action
palette-hint = Tapez quelques lettres ; flèches pour choisir, Entrée pour y aller, Échap pour fermer.
palette-group-action = action
palette-group-page = page
palette-group-view = vue enregistrée
palette-new-organisation = Nouvelle structure
palette-new-person = Nouvelle personne
palette-new-event = Nouvel événement
palette-new-session = Nouvel atelier
