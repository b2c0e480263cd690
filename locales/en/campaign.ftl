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
