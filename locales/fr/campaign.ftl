# Campagne : objectifs, tableau de suivi, progression.
campaigns-title = Campagnes
campaigns-empty = Aucune campagne pour l'instant.
campaign-new = Nouvelle campagne
campaign-edit = Modifier la campagne
campaign-name = Nom de la campagne
campaign-description = Description
campaign-starts-on = Début
campaign-ends-on = Fin
campaign-period = Période
campaign-end-before-start = La fin ne peut pas précéder le début.
campaign-owners = Responsables
campaign-objectives = Objectifs
campaign-objectives-hint = Un objectif par ligne ; laissez une ligne vide pour l'ignorer. La progression est calculée à partir des fiches, jamais saisie.
campaign-target-invalid = Indiquez une cible entre 1 et 100 000.
campaign-sections = Sections de la campagne
campaign-board = Tableau de suivi
campaign-progress = Progression
campaign-ready = Prêtes à être approchées
campaign-ready-count = { $count ->
    [0] Aucune structure prête à être approchée
    [one] 1 structure prête à être approchée
   *[other] { $count } structures prêtes à être approchées
}
campaign-ready-intro = Structures mises en attente jusqu'à une date désormais passée (par exemple l'élection d'un nouveau bureau) : c'est le moment de les approcher.
campaign-ready-empty = Aucune structure en attente dont la date est passée.
campaign-ready-move = Passer à « à contacter »
campaign-add = Ajouter des structures
campaign-add-intro = Choisissez un filtre de l'annuaire (par exemple : toutes les bibliothèques départementales de Bretagne) ; les structures déjà suivies dans cette campagne sont ignorées.
campaign-add-preview = Voir les structures
campaign-add-needs-filter = Choisissez au moins un critère (type, région ou département).
campaign-add-matching = { $count ->
    [0] Aucune nouvelle structure ne correspond.
    [one] 1 structure correspond et n'est pas encore suivie.
   *[other] { $count } structures correspondent et ne sont pas encore suivies.
}
campaign-add-submit = { $count ->
    [one] Ajouter cette structure
   *[other] Ajouter ces { $count } structures
}
campaign-added = { $count ->
    [0] Aucune structure ajoutée.
    [one] 1 structure ajoutée.
   *[other] { $count } structures ajoutées.
}
objective-level = Niveau
objective-title = Objectif
objective-metric = Ce qui est compté
objective-target = Cible
objective-value = Atteint
level-1-short = N1
level-2-short = N2
level-3-short = N3
outreach-stage = Étape
outreach-owner = Responsable
outreach-nobody = personne
outreach-priority = Priorité
outreach-last-contact = Dernier échange
outreach-next-follow-up = Prochaine relance
outreach-not-before = Pas avant le
outreach-parked-until = En attente jusqu'au { $date }
outreach-ready-since = Prête depuis le { $date }
outreach-move-to = Déplacer vers
outreach-move = Déplacer
outreach-edit-card = Modifier la carte
outreach-moved-meanwhile = Cette carte a été modifiée entre-temps par quelqu'un d'autre ; rechargez le tableau.
progress-funnel = Entonnoir par étape
progress-weekly = Échanges par semaine
progress-week-of = Semaine du
progress-interactions = Échanges
progress-regions = Couverture par région
progress-organisations = Structures
progress-no-region = Sans région
progress-csv = Télécharger le rapport (CSV)
progress-window = Du { $from } au { $to }.
progress-level3-split = Ateliers tenus : { $without } animés sans nous, { $with } avec nous.
csv-section = Section
csv-label = Libellé
board-filter-reset = Tout afficher
board-timing-parked = En attente (date à venir)
board-timing-ready = Prêtes (date passée)
board-showing = Cartes { $from } à { $to } sur { $count }
board-more = { $count ->
    [one] Voir la suivante
   *[other] Voir les { $count } suivantes
}
board-previous = Voir les précédentes

## Prises en charge : « je m'en occupe jusqu'au … »
reach-ready-order = Les plus grandes portées d'abord.
claim-by = { $name } s'en occupe pour « { $campaign } » jusqu'au { $date }.
claim-yours = Vous vous en occupez pour « { $campaign } » jusqu'au { $date }.
claim-note = Note :
claim-take = Je m'en occupe
claim-campaign = Campagne
claim-until = Jusqu'au
claim-until-hint = Dernier jour de la prise en charge ; elle disparaît d'elle-même ensuite.
claim-note-label = Note (facultatif)
claim-note-hint = Quelques mots pour l'équipe, 200 caractères au plus.
claim-submit = Prendre en charge
claim-release = Libérer
claim-hand-over = Passer la main à
claim-hand-over-submit = Passer la main
claim-board = { $name } s'en occupe jusqu'au { $date }
claim-warning-title = Attention :
claim-warning = { $name } s'occupe de cette structure pour « { $campaign } » jusqu'au { $date }. Vous pouvez noter cet échange quand même ; pensez à la ou le prévenir.
claim-campaign-invalid = Choisissez une campagne qui suit cette structure (ajoutez-la d'abord à la campagne).
claim-until-past = Ce jour est déjà passé.
claim-until-too-far = Une prise en charge dure au plus six mois.
claim-held-by = { $name } s'occupe déjà de cette structure pour cette campagne jusqu'au { $date } : voyez avec elle ou lui avant de la reprendre.
claim-changed-meanwhile = Cette prise en charge a changé entre-temps ; rechargez la page.
claim-expired = Cette prise en charge a expiré.
claim-hand-over-same = Cette personne s'en occupe déjà.
claim-hand-over-unknown = Choisissez un·e bénévole de l'équipe (pas un compte en lecture seule).
audit-field-claim = Prise en charge
flash-claimed = C'est noté : vous vous en occupez.
flash-claim-released = Prise en charge libérée.
flash-claim-handed-over = Prise en charge transmise.
flash-logged-claimed = Contact consigné. Attention : quelqu'un d'autre s'occupe de cette structure (voir sa fiche).

## Mandates (campaign::mandates)
mandates-follow-up-role = Fin du mandat « { $role } »{ $body } : trouver les nouveaux contacts.
mandates-follow-up-members = Fin des mandats des membres élus{ $body } : trouver les nouveaux contacts.
mandates-next-step = Identifier les nouveaux élus, mettre à jour les rôles et la date « pas avant » de la campagne.
mandates-ends-on = Fin du mandat
mandates-ends-on-hint = Pour un rôle électif ou à durée limitée : ce jour-là, le rôle prend fin, l'organisation est mise en attente et un rappel demande de trouver les nouveaux contacts.
mandates-elected-by = Élu·e par
mandates-members-end-on = Fin des mandats des élus
mandates-members-end-on-hint = Quand le bureau ou les membres élus d'une commission sont renouvelés ensemble : l'organisation est mise en attente jusqu'à ce que les nouveaux soient connus.
mandates-members-elected-by = Élus par
mandates-ended = mandat terminé le { $date }
mandates-until = mandat jusqu'au { $date }
