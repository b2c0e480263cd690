# Personnes, échanges, tableau de bord
people-title = Personnes
people-new = Nouvelle personne
people-search = Nom ou adresse contient
people-search-submit = Afficher
person-column-organisations = Structures et rôles
person-column-source = Source des données
person-column-updated = Modifiée le
people-count = { $count ->
    [0] aucune personne
    [one] 1 personne
   *[other] { $count } personnes
}
person-do-not-contact = ne pas contacter
person-do-not-contact-label = Ne pas contacter cette personne (elle l'a demandé, ou ce n'est pas le moment)
person-lawful-basis-on = Date de la base légale
person-source = Source de l'information
person-source-hint = Où l'avons-nous appris ? (page publique, rencontre à une journée pro, présentation par…)
person-source-required = Indiquez d'où vient l'information : c'est une obligation pour les données personnelles.
person-least-data = Ne notez que ce qui sert à la campagne : pas de donnée sensible, pas d'information privée.
person-notes = Notes
person-roles = Rôles dans les structures
person-no-roles = Aucun rôle enregistré.
membership-add = Ajouter un rôle
membership-remove = Retirer
membership-organisation = Structure
membership-role = Rôle
membership-role-hint = Par exemple : présidente de commission, chargé de communication, médiatrice numérique.
membership-organisation-required = Choisissez une structure existante.
membership-role-required = Indiquez le rôle (200 caractères au plus).
interaction-title = Noter un échange
interaction-date = Date
interaction-channel = Canal
interaction-direction = À l'initiative de
interaction-organisation = Structure
interaction-person = Personne
interaction-person-unknown = Cette personne n'existe pas (ou ses données ont été effacées).
interaction-who-required = Indiquez au moins la structure ou la personne concernée.
interaction-summary = Résumé
interaction-more = Suite à donner
interaction-outcome = Résultat
interaction-next-step = Prochaine étape
interaction-follow-up = Date de relance
interaction-follow-up-before = La relance ne peut pas précéder l'échange.
interaction-campaign = Campagne
interaction-new-stage = Faire avancer le suivi vers
interaction-stage-unchanged = (étape inchangée)
interaction-stage-needs-campaign = Pour changer l'étape, choisissez une structure et une campagne.
interaction-do-not-contact-warning = Attention : cette personne a demandé à ne pas être contactée.
interaction-do-not-contact-refused = Cette personne ne doit pas être contactée. Cochez la case si c'est elle qui vous a contactés ou si l'échange est légitime.
interaction-do-not-contact-confirm = Je confirme que cet échange est légitime (elle nous a sollicités, ou il était indispensable).
dashboard-my-overdue = Mes relances en retard
dashboard-team-overdue = Relances en retard de l'équipe
dashboard-nothing-overdue = Aucune relance en retard.
dashboard-done = Fait
dashboard-events = Prochains événements
dashboard-calls = Appels à propositions qui se terminent
dashboard-no-calls = Aucun appel à propositions ne se termine dans les 4 semaines.
dashboard-recent = Activité récente de l'équipe

# Relances et journal des échanges
nav-follow-ups = Relances
nav-contact-log = Journal des échanges
dashboard-next = Prochaines relances
dashboard-nothing-next = Aucune relance prévue.
dashboard-all-follow-ups = Toutes les relances
follow-ups-title = Relances
follow-ups-whose = Relances de
follow-ups-mine = Moi
follow-ups-team = Toute l'équipe
follow-ups-none = Aucune relance ouverte.
follow-ups-overdue = En retard
follow-ups-next-week = Dans les 7 prochains jours
follow-ups-next-month = Dans les 30 prochains jours
follow-ups-later = Plus tard
follow-ups-group-empty = Rien ici.
follow-ups-date = Relance
follow-ups-about = Structure ou personne
follow-ups-owner = Suivi par
follow-ups-actions = Actions
follow-ups-contact-on = échange du
follow-ups-done = faite
follow-ups-snooze-week = + 1 semaine
follow-ups-snooze-month = + 1 mois
follow-ups-snooze-on = Reporter au
follow-ups-snooze-to-date = Reporter à cette date
follow-ups-snooze-past = La relance ne peut pas être reportée à une date passée.
follow-ups-hand-over-to = Confier à
follow-ups-hand-over = Confier
follow-ups-unknown-volunteer = Choisissez un bénévole actif de l'équipe.
follow-ups-changed-meanwhile = Quelqu'un a modifié cette relance entre-temps : rien n'a été changé. Rechargez la page pour voir sa version.
follow-ups-already-done = Cette relance est déjà faite.
flash-follow-up-done = Relance faite.
flash-follow-up-snoozed = Relance reportée.
flash-follow-up-handed-over = Relance confiée.
contact-log-title = Journal des échanges
contact-log-volunteer = Bénévole
contact-log-from = Du
contact-log-to = Au
contact-log-count = { $count ->
    [0] aucun échange
    [one] 1 échange
   *[other] { $count } échanges
}
follow-ups-shown-of = Les { $shown } relances les plus proches sont affichées, sur { $total } ouvertes.
# Dashboard cards (src/dashboard/views.rs)
dashboard-at-a-glance = En un coup d'œil
dashboard-card-week = Mes relances cette semaine
dashboard-card-calls = Appels à propositions qui se terminent (4 semaines)
dashboard-card-events = Événements dans les 30 jours

## Merging people (src/people/merge_routes.rs)
person-duplicates-title = Doublons probables parmi les personnes
person-duplicates-intro = { $count ->
    [0] Aucune paire de personnes ne se ressemble assez pour être un doublon probable.
    [one] Une paire de personnes se ressemble : même nom, même adresse électronique ou même téléphone. Comparez-les avant de fusionner.
   *[other] { $count } paires de personnes se ressemblent : même nom, même adresse électronique ou même téléphone. Comparez-les avant de fusionner.
}
person-duplicates-first = Personne
person-merge-choose-intro = Choisissez la personne qui est en fait la même que celle-ci. Vous comparerez ensuite les deux fiches champ par champ avant de confirmer.
person-merge-with = Personne à fusionner dans celle-ci
person-merge-with-unknown = Aucune personne de ce nom : choisissez-en une dans la liste.
person-merge-with-itself = Choisissez une autre personne que celle-ci.
person-merge-intro = La fiche « { $merged } » sera fusionnée dans « { $kept } » : tout ce qui lui est rattaché passe à « { $kept } », puis elle est supprimée. Son historique est conservé.
person-merge-erased = Une personne effacée ne peut pas être fusionnée.
person-merge-moves-roles = { $count ->
    [one] un rôle dans une structure (s'il est déjà tenu par la fiche gardée, il n'est pas compté deux fois)
   *[other] { $count } rôles dans des structures (ceux que la fiche gardée tient déjà ne sont pas comptés deux fois)
}
person-merge-moves-mandates = { $count ->
    [one] dont un mandat, avec sa date de fin
   *[other] dont { $count } mandats, avec leur date de fin
}
person-merge-moves-follow-ups = { $count ->
    [one] une relance à faire
   *[other] { $count } relances à faire
}
person-merge-moves-sessions = { $count ->
    [one] un atelier animé
   *[other] { $count } ateliers animés
}
person-merge-moves-alias = son identifiant d'import, gardé comme alias : un nouvel import la retrouvera dans la fiche gardée
person-merge-do-not-contact = « Ne pas contacter » : l'une des deux personnes l'a demandé, la fiche gardée ne sera donc pas contactée.
person-merge-basis-kept = La base légale choisie garde sa date et sa source ; l'autre reste inscrite dans l'historique de la fusion.
person-merge-kept-has = La fiche gardée a déjà { $roles } rôle(s) et { $interactions } échange(s).
