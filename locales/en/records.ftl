# Record pages (organisation, person, event, kit): header, side panel, timeline.
record-status = Status
record-side = Record
record-add-to-campaign = Add to a campaign
record-campaign = Campaign
record-add = Add
record-already-in-campaign = This campaign already follows this organisation.
timeline-title = Timeline
timeline-filter = Filter the timeline
timeline-all = All
timeline-contacts = Contacts
timeline-stages = Stages
timeline-events = Events
timeline-sessions = Workshops
timeline-edits = Edits
timeline-one-contacts = Contact
timeline-one-stages = Stage
timeline-one-events = Event
timeline-one-sessions = Workshop
timeline-one-edits = Edit
timeline-empty = Nothing to show yet.
timeline-hidden = { $count ->
    [one] { $count } more entry hidden by the filter.
   *[other] { $count } more entries hidden by the filter.
}
timeline-show-all = Show all
timeline-by = by { $name }
audit-fields-changed = { $count ->
    [one] { $count } field
   *[other] { $count } fields
}
timeline-with = With
