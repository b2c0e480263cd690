# People, contacts, dashboard
people-title = People
people-new = New person
people-search = Name or address contains
people-search-submit = Show
person-column-organisations = Organisations and roles
person-column-source = Source of the data
person-column-updated = Changed on
people-count = { $count ->
    [0] no person
    [one] 1 person
   *[other] { $count } people
}
person-do-not-contact = do not contact
person-do-not-contact-label = Do not contact this person (they asked, or it is not the time)
person-lawful-basis-on = Date of the lawful basis
person-source = Source of the information
person-source-hint = Where did we learn it? (public page, met at a professional day, introduced by…)
person-source-required = Say where the information comes from: it is required for personal data.
person-least-data = Only record what the campaign needs: no sensitive data, nothing private.
person-notes = Notes
person-roles = Roles in organisations
person-no-roles = No role recorded.
membership-add = Add a role
membership-remove = Remove
membership-organisation = Organisation
membership-role = Role
membership-role-hint = For example: commission chair, communication officer, digital mediator.
membership-organisation-required = Choose an existing organisation.
membership-role-required = Give the role (200 characters at most).
interaction-title = Log a contact
interaction-date = Date
interaction-channel = Channel
interaction-direction = Started by
interaction-organisation = Organisation
interaction-person = Person
interaction-person-unknown = This person does not exist (or their data was erased).
interaction-who-required = Give at least the organisation or the person concerned.
interaction-summary = Summary
interaction-more = What next
interaction-outcome = Outcome
interaction-next-step = Next step
interaction-follow-up = Follow-up date
interaction-follow-up-before = The follow-up cannot come before the contact.
interaction-campaign = Campaign
interaction-new-stage = Move the outreach stage to
interaction-stage-unchanged = (stage unchanged)
interaction-stage-needs-campaign = To change the stage, choose an organisation and a campaign.
interaction-do-not-contact-warning = Careful: this person asked not to be contacted.
interaction-do-not-contact-refused = This person must not be contacted. Tick the box if they contacted us or the contact is legitimate.
interaction-do-not-contact-confirm = I confirm this contact is legitimate (they asked us, or it was necessary).
dashboard-my-overdue = My overdue follow-ups
dashboard-team-overdue = The team's overdue follow-ups
dashboard-nothing-overdue = No overdue follow-up.
dashboard-done = Done
dashboard-events = Upcoming events
dashboard-calls = Calls for proposals closing soon
dashboard-no-calls = No call for proposals closes within 4 weeks.
dashboard-recent = Recent team activity

# Follow-ups and contact log
nav-follow-ups = Follow-ups
nav-contact-log = Contact log
dashboard-next = Next follow-ups
dashboard-nothing-next = No follow-up planned.
dashboard-all-follow-ups = All follow-ups
follow-ups-title = Follow-ups
follow-ups-whose = Follow-ups of
follow-ups-mine = Me
follow-ups-team = The whole team
follow-ups-none = No open follow-up.
follow-ups-overdue = Overdue
follow-ups-next-week = In the next 7 days
follow-ups-next-month = In the next 30 days
follow-ups-later = Later
follow-ups-group-empty = Nothing here.
follow-ups-date = Follow-up
follow-ups-about = Organisation or person
follow-ups-owner = Handled by
follow-ups-actions = Actions
follow-ups-contact-on = contact of
follow-ups-done = done
follow-ups-snooze-week = + 1 week
follow-ups-snooze-month = + 1 month
follow-ups-snooze-on = Postpone to
follow-ups-snooze-to-date = Postpone to this date
follow-ups-snooze-past = A follow-up cannot be postponed to a past date.
follow-ups-hand-over-to = Hand over to
follow-ups-hand-over = Hand over
follow-ups-unknown-volunteer = Choose an active volunteer of the team.
follow-ups-changed-meanwhile = Someone changed this follow-up meanwhile: nothing was changed. Reload the page to see their version.
follow-ups-already-done = This follow-up is already done.
flash-follow-up-done = Follow-up done.
flash-follow-up-snoozed = Follow-up postponed.
flash-follow-up-handed-over = Follow-up handed over.
contact-log-title = Contact log
contact-log-volunteer = Volunteer
contact-log-from = From
contact-log-to = To
contact-log-count = { $count ->
    [0] no contact
    [one] 1 contact
   *[other] { $count } contacts
}
follow-ups-shown-of = The { $shown } soonest follow-ups are shown, of { $total } open.
# Dashboard cards (src/dashboard/views.rs)
dashboard-at-a-glance = At a glance
dashboard-card-week = My follow-ups this week
dashboard-card-calls = Calls for proposals closing (4 weeks)
dashboard-card-events = Events in the next 30 days

## Merging people (src/people/merge_routes.rs)
person-duplicates-title = Probable duplicate people
person-duplicates-intro = { $count ->
    [0] No two people look enough alike to be probable duplicates.
    [one] One pair of people looks alike: same name, same e-mail address or same phone. Compare them before merging.
   *[other] { $count } pairs of people look alike: same name, same e-mail address or same phone. Compare them before merging.
}
person-duplicates-first = Person
person-merge-choose-intro = Choose the person who is in fact the same as this one. You will then compare both records field by field before confirming.
person-merge-with = Person to merge into this one
person-merge-with-unknown = Nobody by that name: choose someone from the list.
person-merge-with-itself = Choose another person than this one.
person-merge-intro = “{ $merged }” will be merged into “{ $kept }”: everything attached to it moves to “{ $kept }”, then it is deleted. Its history is kept.
person-merge-erased = An erased person cannot be merged.
person-merge-moves-roles = { $count ->
    [one] one role in an organisation (not counted twice if the kept record already holds it)
   *[other] { $count } roles in organisations (those the kept record already holds are not counted twice)
}
person-merge-moves-mandates = { $count ->
    [one] including one mandate, with its end date
   *[other] including { $count } mandates, with their end dates
}
person-merge-moves-follow-ups = { $count ->
    [one] one open follow-up
   *[other] { $count } open follow-ups
}
person-merge-moves-sessions = { $count ->
    [one] one workshop facilitated
   *[other] { $count } workshops facilitated
}
person-merge-moves-alias = their import identifier, kept as an alias: a new import will find them in the kept record
person-merge-do-not-contact = “Do not contact”: one of the two asked for it, so the kept person will not be contacted.
person-merge-basis-kept = The lawful basis chosen keeps its date and source; the other one stays in the merge's history.
person-merge-kept-has = The kept record already has { $roles } role(s) and { $interactions } contact(s).
