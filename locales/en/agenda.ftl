agenda-title = Agenda
agenda-open = Open the agenda
agenda-new = New event
agenda-filters = Filters
agenda-filter-reset = Show all
agenda-filter-several = Nothing chosen shows all; Ctrl (⌘ on a Mac) or Shift chooses several.
agenda-from = From
agenda-to = To
agenda-kind = Event type
agenda-theme = Theme
agenda-themes = Themes
agenda-themes-hint = Comma-separated, for example: digital, libraries
agenda-participation = Our participation
agenda-participants = Who goes
agenda-participants-hint = Volunteers' first names, for example: Camille, Théo
agenda-views = View
agenda-view-list = List
agenda-view-month = Month
agenda-month-nav = Change month
agenda-empty = No event matches these criteria in this period.
agenda-all-day = all day
agenda-online = Online
agenda-recurring = Recurring event
agenda-cfp-until = call for proposals until
agenda-cfp-deadline = Call for proposals closes
agenda-cfp-link = Call for proposals
agenda-calls-title = Calls for proposals
agenda-calls-closing = Calls for proposals closing soon
agenda-calls-within = Closing within the next weeks:
agenda-event = Event
agenda-download-ics = Download (.ics)
agenda-subscribe = Subscribe from a calendar
agenda-subscribe-explain = Your calendar application (Thunderbird, Apple Calendar, Google Calendar, phone) can subscribe to relais's events. It cannot log in, so it uses a secret personal address. The feed holds events only, never data about people.
agenda-subscribe-new = Your subscription address (copy it now: it will not be shown again):
agenda-subscribe-address = Subscription address
agenda-subscribe-open = Open in my calendar application
agenda-subscribe-existing = You already have a subscription address. Creating a new one disables the old one.
agenda-subscribe-create = Create my subscription address
agenda-subscribe-regenerate = Create a new address (the old one stops working)
agenda-when = When
agenda-recurrence = Recurrence
agenda-place = Place
agenda-place-name = Place (room, address)
agenda-organisers = Organised by
agenda-organisers-hint = Names or acronyms of directory organisations, separated by semicolons
agenda-url = Event website
agenda-source = Source
agenda-source-import = Imported from an iCalendar file
agenda-description = Description
agenda-next-occurrences = Next dates
agenda-cancelled = (cancelled)
agenda-change-occurrence = change or cancel this date
agenda-changed-count = Changed or cancelled dates:
agenda-title-field = Title
agenda-start-date = Start date
agenda-start-time = Start time
agenda-end-date = End date
agenda-end-time = End time
agenda-time-zone = Time zone
agenda-time-zone-hint = Europe/Paris by default; for example America/Cayenne, Indian/Reunion
agenda-repeat = Repeat
agenda-repeat-none = Does not repeat
agenda-repeat-weekly = Every week
agenda-repeat-monthly = Every month, same day
agenda-repeat-monthly-weekday = Every month, same weekday (e.g. 1st Thursday)
agenda-repeat-quarterly-weekday = Every quarter, same weekday
agenda-repeat-yearly = Every year
agenda-repeat-custom = Custom rule (next field)
agenda-rrule = Recurrence rule (RFC 5545)
agenda-rrule-hint = For example FREQ=YEARLY;BYMONTH=6 (every June)
agenda-rdates = Extra dates
agenda-rdates-hint = Occurrences outside the rule, space-separated: 2027-07-01 or 2027-07-01T09:30
agenda-exdates = Excluded dates
agenda-exdates-hint = Dates without an occurrence, space-separated: 2027-07-01 or 2027-07-01T09:30
agenda-delete-explain = The event and all its dates will be deleted. The history keeps a record of the deletion.
agenda-occurrence-explain = Change or cancel this one date; the rest of the series stays as it is.
agenda-note = Note
agenda-save-occurrence = Save this date
agenda-cancel-occurrence = Cancel this date
agenda-cancel-occurrence-confirm = Cancel the date of { $when }? The other dates of the series stay as they are.
agenda-keep-occurrence = No, keep this date
agenda-restore-occurrence = Restore the date the series gives
agenda-error-time = Invalid time: use the 09:30 format.
agenda-error-time-or-all-day = Give a start time, or tick "all day".
agenda-error-zone = Unknown time zone: use a name such as Europe/Paris.
agenda-error-end-before-start = The end must come after the start.
agenda-error-rrule = Invalid recurrence rule ({ $reason })
agenda-error-organiser = Organisation not found in the directory: “{ $name }”
agenda-error-occurrence = This date is not part of the series.
agenda-error-filter = Invalid filter:
agenda-error-weeks = The number of weeks must be a whole number from 1 to 104.
agenda-error-token = Unknown or replaced subscription address: create a new one from relais.
agenda-import-title = Import an .ics file
agenda-import-explain = Import an organiser's agenda (iCalendar file). Importing again updates the events already imported, without duplicates, and keeps what you changed in relais (our participation, for example). An invalid file is refused as a whole.
agenda-import-file = iCalendar file (.ics)
agenda-import-submit = Import
agenda-import-refused = File refused, nothing was imported:
agenda-import-done = Import finished:
agenda-import-created = created
agenda-import-updated = updated
agenda-import-unchanged = unchanged
agenda-import-empty = No file received: choose an .ics file.
agenda-import-not-text = This file is not UTF-8 text: is it really an .ics file?
agenda-feeds-title = Followed agendas
agenda-feeds-explain = Agendas published by organisers (for example on OpenAgenda) are read again regularly in the background; their events arrive in relais without duplicates.
agenda-feeds-empty = No followed agenda yet.
agenda-feed-name = Name
agenda-feed-url = iCalendar feed address
agenda-feed-organiser = Organiser (optional)
agenda-feed-status = Last read
agenda-feed-actions = Actions
agenda-feed-never = never read
agenda-feed-refresh = Read now
agenda-feed-add = Follow an agenda
agenda-feed-url-invalid = The address must start with http://, https:// or webcal://.
agenda-feed-url-private = This address is a local machine or a private network: relais only reads agendas published on the internet.
agenda-error-date-in-list = Invalid date “{ $value }”: use the YYYY-MM-DD or YYYY-MM-DDTHH:MM format.
agenda-error-database = database: { $error }
agenda-ical-line = line { $line }: { $message }
agenda-ical-no-colon = line without “:” between the name and the value ({ $text })
agenda-ical-bad-name = invalid property name “{ $name }”
agenda-ical-bad-param = parameter without “=”: “{ $param }”
agenda-ical-after-end = content after the end of the calendar
agenda-ical-not-vcalendar = the file must start with BEGIN:VCALENDAR, not BEGIN:{ $name }
agenda-ical-end-without-begin = END:{ $name } without a matching BEGIN
agenda-ical-end-mismatch = END:{ $name } closes BEGIN:{ $open } opened on line { $line }
agenda-ical-outside = property outside BEGIN:VCALENDAR … END:VCALENDAR
agenda-ical-never-closed = BEGIN:{ $name } never closed (END:{ $name } missing)
agenda-ical-no-calendar = no calendar (BEGIN:VCALENDAR) in the file
agenda-ical-bad-date = invalid date “{ $value }” in { $property }
agenda-import-summary = { $created } created, { $updated } updated, { $unchanged } unchanged, { $skipped } skipped
agenda-import-uid-twice = UID “{ $uid }” already given on line { $first }: this event replaces the previous one
agenda-import-no-start = event without a start date (DTSTART): skipped
agenda-import-orphan-change = changed occurrence of a series missing from the file: skipped
agenda-import-out-of-years = date outside the years { $first } to { $last } in { $property }
agenda-import-bad-duration = invalid duration “{ $value }”
agenda-import-bad-rule = invalid recurrence rule “{ $rule }”: { $reason }
agenda-import-cut = { $property } cut to { $max } characters (it had { $length })
agenda-import-link-dropped = link “{ $link }” ignored: only http:// and https:// links are kept
agenda-import-untitled = (untitled)
agenda-fetch-invalid-url = invalid address (http:// or https:// expected)
agenda-fetch-private = address { $address } refused: it is not public (local or private network)
agenda-fetch-connect = cannot connect ({ $reason })
agenda-fetch-status = the server answered { $status }
agenda-fetch-bad-redirect = redirect without a valid address
agenda-fetch-too-many-redirects = more than { $max } redirects
agenda-fetch-timeout = no complete answer within { $seconds } seconds
agenda-fetch-too-large = feed too large (over { $megabytes } MB)
agenda-fetch-not-text = the feed is not UTF-8 text
agenda-feed-error-invalid = line { $line }: this is not a valid iCalendar calendar
agenda-feed-error-internal = internal error while reading the feed
agenda-feed-organisers = Organiser: { $names }
agenda-feed-cfp = Call for proposals: { $title } (closing)
agenda-feed-calendar = relais – agenda
agenda-audit-cancelled = cancelled
agenda-audit-restored = restored
day-mon = Mon
day-tue = Tue
day-wed = Wed
day-thu = Thu
day-fri = Fri
day-sat = Sat
day-sun = Sun

## Recurrence rules in words (agenda::recurrence::describe)
agenda-rrule-daily = { $interval ->
    [1] every day
   *[other] every { $interval } days
}
agenda-rrule-weekly = { $interval ->
    [1] every week
   *[other] every { $interval } weeks
}
agenda-rrule-monthly = { $interval ->
    [1] every month
   *[other] every { $interval } months
}
agenda-rrule-yearly = { $interval ->
    [1] every year
   *[other] every { $interval } years
}
agenda-rrule-weekly-on = { $interval ->
    [1] every { $days }
   *[other] every { $interval } weeks on { $days }
}
agenda-rrule-monthly-on = { $interval ->
    [1] { $days } of every month
   *[other] { $days }, every { $interval } months
}
agenda-rrule-and = { $first } and { $last }
agenda-rrule-nth = { $n ->
    [1] 1st
    [2] 2nd
    [3] 3rd
   *[other] { $n }th
}
agenda-rrule-nth-weekday = the { $nth } { $day }
agenda-rrule-last-weekday = the last { $day }
agenda-rrule-every-weekday = every { $day }
agenda-rrule-month-day = { $n ->
    [1] the 1st
    [2] the 2nd
    [3] the 3rd
    [21] the 21st
    [22] the 22nd
    [23] the 23rd
    [31] the 31st
   *[other] the { $n }th
}
agenda-rrule-last-month-day = the last day
agenda-rrule-count = { $count ->
    [1] once
   *[other] { $count } times
}
agenda-rrule-until = until { $date }
agenda-rrule-other = repeats (rule: { $rule })
agenda-weekday-mo = Monday
agenda-weekday-tu = Tuesday
agenda-weekday-we = Wednesday
agenda-weekday-th = Thursday
agenda-weekday-fr = Friday
agenda-weekday-sa = Saturday
agenda-weekday-su = Sunday
agenda-view-week = Week
agenda-week-nav = Change week
agenda-week-of = Week of { $date }

## Lineages: the editions of a yearly event (agenda::lineage)
lineage-title = Editions
lineage-part-of = This event is part of the lineage “{ $name }”: its successive editions.
lineage-none = This event belongs to no lineage. Link it to the earlier editions of the same yearly event to see their history and the probable date of the next edition.
lineage-next = Next edition
lineage-probable-date = probable date
lineage-probable-call = Probable close of the call for proposals
lineage-rule-fixed-day = The last two editions were held on day { $day } of the same month: the same day next year. To be confirmed.
lineage-rule-weekday = Same rank and weekday as the last edition ({ $nth } { $weekday } of the month). To be confirmed.
lineage-rule-last-weekday = Same weekday as the last edition, the last of the month ({ $weekday }). To be confirmed.
lineage-contacts = { $count ->
    [0] no contact logged
    [one] { $count } contact logged
   *[other] { $count } contacts logged
}
lineage-captured = { $count ->
    [one] { $count } person met at our stand
   *[other] { $count } people met at our stand
}
lineage-this-edition = this edition
lineage-last-edition = Last edition:
lineage-choose = Existing lineage
lineage-join = Link to this lineage
lineage-start = Start a lineage from this event
lineage-leave = Unlink from its lineage
lineage-error-unknown = This lineage does not exist (any more): choose one from the list.
lineage-error-action = Unknown lineage action.
lineage-error-conflict = The event was changed meanwhile: reload the page and try again.
audit-field-lineage-id = Lineage

## Event-day capture (agenda::capture)
capture-open = Stand capture
capture-title = Stand capture
capture-full-name = Name
capture-organisation = Organisation (as said)
capture-role = Role
capture-contact = E-mail or phone
capture-asked = What they asked
capture-follow-up = Wants to be contacted again
capture-save = Save
capture-queue-link = { $count ->
    [0] Triage queue (empty)
    [one] Triage queue: { $count } entry to triage
   *[other] Triage queue: { $count } entries to triage
}
capture-waiting = { $count ->
    [one] { $count } entry to triage
   *[other] { $count } entries to triage
}
capture-flagged = Waiting for more than { $days } days: triage it first.
capture-flagged-count = { $count } waiting for more than { $days } days
capture-captured-at = Captured on
capture-captured-on = captured on
capture-queue-title = Triage queue – { $event }
capture-back-to-event = Back to the event
capture-queue-explain = Each entry becomes a person (new or already known), an organisation, a logged contact and, if wanted, a follow-up. After triage, nothing that was typed stays in the queue.
capture-queue-empty = No entry to triage.
capture-queues-title = Stand captures to triage
capture-queues-empty = No stand capture is waiting for triage.
capture-triage = Triage
capture-triaged-count = { $count ->
    [one] { $count } entry already triaged.
   *[other] { $count } entries already triaged.
}
capture-triage-title = Triage the entry: { $name }
capture-typed = What was typed
capture-who = Who is it?
capture-existing-person = Already known:
capture-other-person = Someone else already known (search below)
capture-person-pick = Person already known
capture-new-person = A new person
capture-email = E-mail
capture-phone = Phone
capture-merge-hint = For someone already known, only fills in what their record lacks.
capture-where = Where do they work?
capture-existing-organisation = In the directory:
capture-other-organisation = Another organisation of the directory (search below)
capture-organisation-pick = Organisation of the directory
capture-new-organisation = A new organisation
capture-organisation-name = Name of the new organisation
capture-organisation-kind = Kind of the new organisation
capture-no-organisation = No organisation
capture-role-hint = Added as a role in the organisation unless they already have one there.
capture-role-default = Met at a stand
capture-privacy = Personal data
capture-lawful-basis = Lawful basis
capture-source-field = Source
capture-source = Stand: { $event }, { $date }
capture-contact-logged = Contact logged
capture-summary = Summary
capture-summary-default = Met at our stand: { $event }
capture-follow-up-on = Follow up on
capture-follow-up-hint = Leave empty when no follow-up is wanted. No follow-up is created for someone who asked not to be contacted.
capture-cleared-after = Once triaged, the entry is emptied: only its trace (date, who triaged it) remains.
capture-triage-save = Save the triage
capture-discard = Discard this entry (duplicate, test)
capture-error-contact = Give an e-mail address (with @) or a phone number (digits, spaces, +).
capture-error-phone = Invalid phone number (digits, spaces, +; 6 to 20 digits).
capture-error-person = Choose a suggested person, search for another, or create a new one.
capture-error-organisation = Choose a suggested organisation, search for another, create one, or say “none”.
capture-error-organisation-new = The new organisation cannot be created so: check its name and kind.
capture-error-follow-up-before = The follow-up cannot come before the day you met.
capture-already-triaged = This entry was already triaged (or discarded): it is no longer in the queue.
capture-triage-conflict = The person or organisation chosen changed meanwhile: nothing was saved, triage again.
capture-dashboard-flagged = { $count ->
    [one] { $count } stand capture has been waiting for triage for more than { $days } days.
   *[other] { $count } stand captures have been waiting for triage for more than { $days } days.
}
flash-capture-saved = Entry saved. Next person?
flash-capture-triaged = Entry triaged: the record and the contact are saved.
flash-capture-discarded = Entry discarded.
