# Campaign: objectives, outreach board, progress.
campaigns-title = Campaigns
campaigns-empty = No campaign yet.
campaign-new = New campaign
campaign-edit = Edit the campaign
campaign-name = Campaign name
campaign-description = Description
campaign-starts-on = Start
campaign-ends-on = End
campaign-period = Period
campaign-end-before-start = The end cannot come before the start.
campaign-owners = Owners
campaign-objectives = Objectives
campaign-objectives-hint = One objective per line; leave a line empty to skip it. Progress is computed from the records, never typed in.
campaign-target-invalid = Give a target between 1 and 100,000.
campaign-sections = Campaign sections
campaign-board = Outreach board
campaign-progress = Progress
campaign-ready = Ready to approach
campaign-ready-count = { $count ->
    [0] No organisation ready to approach
    [one] 1 organisation ready to approach
   *[other] { $count } organisations ready to approach
}
campaign-ready-intro = Organisations put on hold until a date that has now passed (e.g. a new board being elected): time to approach them.
campaign-ready-empty = No organisation on hold with a past date.
campaign-ready-move = Move to "to contact"
campaign-add = Add organisations
campaign-add-intro = Choose a directory filter (e.g. all departmental libraries of Bretagne); organisations already followed in this campaign are skipped.
campaign-add-preview = Show the organisations
campaign-add-needs-filter = Choose at least one criterion (kind, région or département).
campaign-add-matching = { $count ->
    [0] No new organisation matches.
    [one] 1 organisation matches and is not followed yet.
   *[other] { $count } organisations match and are not followed yet.
}
campaign-add-submit = { $count ->
    [one] Add this organisation
   *[other] Add these { $count } organisations
}
campaign-added = { $count ->
    [0] No organisation added.
    [one] 1 organisation added.
   *[other] { $count } organisations added.
}
objective-level = Level
objective-title = Objective
objective-metric = What is counted
objective-target = Target
objective-value = Reached
level-1-short = L1
level-2-short = L2
level-3-short = L3
outreach-stage = Stage
outreach-owner = Owner
outreach-nobody = nobody
outreach-priority = Priority
outreach-last-contact = Last contact
outreach-next-follow-up = Next follow-up
outreach-not-before = Not before
outreach-parked-until = On hold until { $date }
outreach-ready-since = Ready since { $date }
outreach-move-to = Move to
outreach-move = Move
outreach-edit-card = Edit the card
outreach-moved-meanwhile = Someone else changed this card meanwhile; reload the board.
progress-funnel = Funnel by stage
progress-weekly = Contacts per week
progress-week-of = Week of
progress-interactions = Contacts
progress-regions = Coverage by région
progress-organisations = Organisations
progress-no-region = No région
progress-csv = Download the report (CSV)
progress-window = From { $from } to { $to }.
progress-level3-split = Workshops held: { $without } run without us, { $with } with us.
csv-section = Section
csv-label = Label
board-filter-reset = Show all
board-timing-parked = Parked (date to come)
board-timing-ready = Ready (date passed)
board-showing = Cards { $from } to { $to } of { $count }
board-more = { $count ->
    [one] See the next one
   *[other] See the next { $count }
}
board-previous = See the previous ones

## Claims: “I am on it until …”
reach-ready-order = Largest reach first.
claim-by = { $name } is on it for “{ $campaign }” until { $date }.
claim-yours = You are on it for “{ $campaign }” until { $date }.
claim-note = Note:
claim-take = I’m on it
claim-campaign = Campaign
claim-until = Until
claim-until-hint = Last day of the claim; it disappears by itself afterwards.
claim-note-label = Note (optional)
claim-note-hint = A few words for the team, 200 characters at most.
claim-submit = Claim
claim-release = Release
claim-hand-over = Hand over to
claim-hand-over-submit = Hand over
claim-board = { $name } is on it until { $date }
claim-warning-title = Warning:
claim-warning = { $name } is contacting this organisation for “{ $campaign }” until { $date }. You can still log this contact; let them know.
claim-campaign-invalid = Choose a campaign that follows this organisation (add it to the campaign first).
claim-until-past = This day has already passed.
claim-until-too-far = A claim lasts six months at most.
claim-held-by = { $name } is already on this organisation for this campaign until { $date }: talk to them before taking it over.
claim-changed-meanwhile = This claim changed meanwhile; reload the page.
claim-expired = This claim has expired.
claim-hand-over-same = This person is already on it.
claim-hand-over-unknown = Choose a volunteer of the team (not a read-only account).
audit-field-claim = Claim
flash-claimed = Noted: you are on it.
flash-claim-released = Claim released.
flash-claim-handed-over = Claim handed over.
flash-logged-claimed = Contact logged. Note: someone else is contacting this organisation (see its record).

## Mandates (campaign::mandates)
mandates-follow-up-role = The "{ $role }" mandate ended{ $body }: find the new contacts.
mandates-follow-up-members = The elected members' mandates ended{ $body }: find the new contacts.
mandates-next-step = Find who was elected, update the roles and the campaign's not-before date.
mandates-ends-on = Mandate ends on
mandates-ends-on-hint = For an elected or fixed-term role: on that day the role ends, the organisation is put on hold and a follow-up asks to find the new contacts.
mandates-elected-by = Elected by
mandates-members-end-on = Elected members' mandates end on
mandates-members-end-on-hint = When the board or a commission's elected members are renewed together: the organisation is put on hold until the new ones are known.
mandates-members-elected-by = Elected by
mandates-ended = mandate ended on { $date }
mandates-until = mandate until { $date }
