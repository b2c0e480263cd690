# Record pages (organisation, person, event, kit): header, side panel, timeline.
record-status = Statut
record-side = Fiche
record-add-to-campaign = Ajouter à une campagne
record-campaign = Campagne
record-add = Ajouter
record-already-in-campaign = Cette campagne suit déjà cette structure.
timeline-title = Chronologie
timeline-filter = Filtrer la chronologie
timeline-all = Tout
timeline-contacts = Échanges
timeline-stages = Étapes
timeline-events = Événements
timeline-sessions = Ateliers
timeline-edits = Modifications
timeline-one-contacts = Échange
timeline-one-stages = Étape
timeline-one-events = Événement
timeline-one-sessions = Atelier
timeline-one-edits = Modification
timeline-empty = Rien à afficher pour l'instant.
timeline-hidden = { $count ->
    [one] { $count } autre entrée masquée par le filtre.
   *[other] { $count } autres entrées masquées par le filtre.
}
timeline-show-all = Tout afficher
timeline-by = par { $name }
audit-fields-changed = { $count ->
    [one] { $count } champ
   *[other] { $count } champs
}
timeline-with = Avec
