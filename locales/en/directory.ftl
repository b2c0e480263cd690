# Directory of organisations
cancel = Cancel
directory-title = Directory
directory-list-link = See the filterable list.
directory-new = New organisation
directory-edit = Edit
directory-delete = Delete
directory-log-interaction = + Log a contact
directory-filter-name = Name contains
directory-tag = Tag
directory-sort = Sort by
directory-sort-name = name
directory-sort-commune = commune
directory-sort-departement = département
directory-sort-updated = last change
directory-name = Name
directory-acronym = Acronym
directory-scope = Scope
directory-parent = Parent organisation
directory-commune = Commune
directory-postcode = Postcode
directory-address = Address
directory-latitude = Latitude
directory-longitude = Longitude
directory-website = Website
directory-contact-form = Contact form
directory-phone = Phone
directory-email-hint = The organisation's generic address (contact@…), not a person's.
directory-description = Description
directory-governance = Governance:
directory-governance-hint = What decides when to approach (e.g. "mandates end in December").
directory-tags = Tags
directory-tags-hint = Separated by commas.
directory-channels = Channels
directory-channel-kind = Channel kind
directory-channel-address = Address or link
directory-channel-label = Note
directory-identity = Identity
directory-family = Hierarchy and relations
directory-children = Organisations under it:
directory-no-family = No parent, child or related organisation.
directory-workshops = Digital workshops already offered
directory-workshops-run-by = Run by:
directory-outreach = Outreach by campaign
directory-people = People and roles
directory-no-people = No person recorded for this organisation.
directory-no-interactions = No contact logged.
directory-no-events = No event recorded.
directory-parent-unknown = This parent organisation does not exist.
directory-parent-cycle = An organisation cannot be placed under itself or under one of its own children.
directory-region-unknown = Unknown région.
directory-departement-unknown = Unknown département (examples: 35, 2A, 974).
directory-departement-outside-region = This département is not in the chosen région.
directory-postcode-invalid = A postcode has 5 digits (example: 35000).
directory-coordinate-invalid = Invalid coordinate (latitude between -90 and 90, longitude between -180 and 180).
directory-url-invalid = A web address starts with http:// or https://.
directory-delete-warning = Deleting it also deletes its { $interactions } contact(s) and { $members } people's role(s).
directory-delete-children = { $count ->
    [one] One organisation is placed under it. What becomes of it?
   *[other] { $count } organisations are placed under it. What becomes of them?
}
directory-children-move-up = Move them under this organisation's parent
directory-children-detach = Leave them without a parent
directory-children-delete = Delete them too
directory-delete-choose = Choose what becomes of the organisations under it.
directory-delete-confirm = Delete this organisation for good?
relation-coordinates-reverse = coordinated by
relation-member-of-reverse = has as member
relation-partner-of-reverse = partner of
relation-relays-to-reverse = relayed by

## Links between organisations, roles from the organisation's page
relation-add = Add a link to another organisation
relation-kind = Link
relation-other = Other organisation
relation-other-hint = Its name or acronym, as in the directory.
relation-note = Detail (optional)
relation-remove = Remove the link
relation-kind-required = Choose the kind of link.
relation-other-unknown = No organisation in the directory has this name or acronym:
relation-self = An organisation cannot be linked to itself.
relation-exists = This link already exists.
membership-add-person = Add a person
membership-person = Person
membership-person-required = Choose a person from the directory.
directory-imported-details = Details from the source (services, publics, opening hours…)

## Reach: how many libraries, members or subscribers an organisation reaches
directory-sort-reach = reach (largest first)
reach-title = Reach
reach-label = Reach:
reach-column = Reach
reach-libraries = { $count ->
    [0] no library supported
    [one] 1 library supported
   *[other] { $count } libraries supported
}
reach-members = { $count ->
    [0] no member
    [one] 1 member
   *[other] { $count } members
}
reach-audience = { $count ->
    [one] 1 subscriber (estimate)
   *[other] { $count } subscribers (estimate)
}
reach-libraries-explain = Libraries of the directory in a commune of fewer than 10,000 inhabitants (population from the national list of public libraries), département: { $departement }. A departmental library trains and supports these libraries.
reach-members-explain = Organisations of the directory linked to this network as “member of”, or which it coordinates.
reach-audience-explain = Audience estimated by a volunteer; source: { $source }.
reach-audience-explain-short = Audience estimated by a volunteer (the source is on the record).
reach-largest = The reach is the largest of these figures.
reach-needs-departement = Reach unknown: give its département to count the libraries it supports.
reach-audience-unknown = Reach unknown: give the list’s estimated audience on its record, with its source.
reach-commune-population = Population of the commune
reach-inhabitants = { $count ->
    [one] 1 inhabitant
   *[other] { $count } inhabitants
}
reach-audience-legend = Audience of a mailing list or newsletter
reach-audience-intro = For a mailing list or a newsletter: how many people receive it, and where that figure comes from. It counts in the organisation’s reach.
reach-audience-estimate = Estimated audience (subscribers)
reach-audience-estimate-hint = A whole number, for example 1200.
reach-audience-source = Source of the estimate
reach-audience-source-hint = Where the figure comes from: sign-up page, a message from its moderator, an activity report…
reach-audience-invalid = Give a whole number between 1 and 10,000,000.
reach-audience-source-required = Say where this estimate comes from.
reach-audience-estimate-required = Give the estimated audience, or clear its source.
audit-field-commune-population = Population of the commune
audit-field-audience-estimate = Estimated audience
audit-field-audience-source = Source of the audience

## Merging duplicates
directory-merge = Merge with…
duplicates-title = Probable duplicates
duplicates-intro = { $count ->
    [0] No two organisations look enough alike to be probable duplicates.
    [one] One pair of organisations looks alike: same name in the same commune, same website, same e-mail address or same position. Compare them before merging.
   *[other] { $count } pairs of organisations look alike: same name in the same commune, same website, same e-mail address or same position. Compare them before merging.
}
duplicates-none = No probable duplicates.
duplicates-first = Organisation
duplicates-second = Looks like
duplicates-why = Why
duplicates-actions = Actions
duplicates-dismiss = Not duplicates
duplicates-more = And { $count } more pairs: deal with these first.
duplicates-reason-name-commune = same name, same commune
duplicates-reason-website = same website
duplicates-reason-email = same e-mail address
duplicates-reason-position = same position
merge-title = Merge
merge-choose-intro = Choose the organisation that is in fact the same as this one. You will then compare both records field by field before confirming.
merge-with = Organisation to merge into this one
merge-with-unknown = No organisation of that name: choose one from the list.
merge-with-itself = Choose an organisation other than this one.
merge-compare = Compare
merge-stale = One of the two records was changed meanwhile. Here is how they stand now: check your choices and confirm again.
merge-intro = “{ $merged }” will be merged into “{ $kept }”: everything attached to it moves to “{ $kept }”, then it is deleted. Its history is kept.
merge-swap = Keep the other record instead
merge-confirm = Merge these two records? This cannot be undone automatically.
merge-same-values = Both records hold the same values: nothing to choose.
merge-fields = Values to keep, field by field
merge-field = Field
merge-commune-code = Reference commune (INSEE code)
merge-kept = Record kept
merge-merged = Record merged
merge-moves = What moves
merge-moves-intro = From the merged record to the kept one:
merge-moves-people = { $count ->
    [one] one person (their role)
   *[other] { $count } people (their roles)
}
merge-moves-interactions = { $count ->
    [one] one contact
   *[other] { $count } contacts
}
merge-moves-campaigns = { $count ->
    [one] one campaign status (where both records are followed by the same campaign, the status changed last is kept, with both histories)
   *[other] { $count } campaign statuses (where both records are followed by the same campaign, the status changed last is kept, with both histories)
}
merge-moves-events = { $count ->
    [one] one event organised
   *[other] { $count } events organised
}
merge-moves-sessions = { $count ->
    [one] one workshop hosted
   *[other] { $count } workshops hosted
}
merge-moves-channels = { $count ->
    [one] one contact channel
   *[other] { $count } contact channels
}
merge-moves-relations = { $count ->
    [one] one link with another organisation
   *[other] { $count } links with other organisations
}
merge-moves-children = { $count ->
    [one] one attached organisation
   *[other] { $count } attached organisations
}
merge-moves-alias = its import identifier, kept as an alias: a new import will find it in the kept record
merge-kept-has = The kept record already has { $people } person(s) and { $interactions } contact(s).
merge-do = Merge
flash-merged = Records merged.
audit-action-merge = Merged
audit-field-merged-with = Merged with

## Bulk actions
bulk-select = Selection
bulk-select-one = Select { $name }
bulk-action = Bulk action
bulk-scope = On which organisations
bulk-scope-selection = the ticked organisations
bulk-scope-filter = { $count ->
    [one] the organisation of the filter
   *[other] the { $count } organisations of the filter
}
bulk-continue = Continue…
bulk-export = Export (CSV)
bulk-action-add-tags = Add tags
bulk-action-remove-tags = Remove tags
bulk-action-add-to-campaign = Add to a campaign
bulk-action-move-stage = Change the stage in a campaign
bulk-action-set-owner = Hand over to…
bulk-action-set-not-before = Do not approach before…
bulk-choose-action = Choose a bulk action from the list.
bulk-none-selected = Tick at least one organisation, or choose “the organisations of the filter”.
bulk-too-many = Too many organisations ticked: use a filter instead.
bulk-count = { $count ->
    [0] No organisation is concerned.
    [one] This action will concern one organisation.
   *[other] This action will concern { $count } organisations.
}
bulk-which = Which ones
bulk-and-more = and { $count } more
bulk-campaign = Campaign
bulk-campaign-required = Choose the campaign.
bulk-tags-required = Give at least one tag.
bulk-tags-too-long = A tag is too long (200 characters at most).
bulk-not-before = Do not approach before
bulk-not-before-hint = Leave empty to lift the date.
bulk-apply = { $count ->
    [one] Apply to one organisation
   *[other] Apply to the { $count } organisations
}
bulk-done = { $count ->
    [0] No organisation changed.
    [one] Done for one organisation.
   *[other] Done for { $count } organisations.
}
bulk-refused = { $count ->
    [one] One organisation left as it was
   *[other] { $count } organisations left as they were
}
bulk-why = Why
bulk-refused-changed = changed by someone else since the preview: check it and try again
bulk-refused-already-in = already in the campaign
bulk-refused-not-in = not in this campaign

## Map of France
map-title = Map of the départements
map-page-title = Directory map
map-link = Map
map-list-link = See the list
map-count = { $count ->
    [0] no organisation
    [one] one organisation
   *[other] { $count } organisations
}
map-none = none
map-credit = Outlines: IGN Admin Express, INSEE COG, via france-geojson (Licence Ouverte).
map-position = Where the organisation is on the map of France
map-table-caption = Organisations by département
map-organisations = Organisations
directory-filter-campaign = Campaign
directory-columns = Columns shown
directory-column-owner = Followed by
directory-column-last-contact = Last contact
map-by = Colour by
map-by-organisations = organisations
map-by-stages = a campaign's stages
map-by-events = events to come
map-by-hint = For stages, pick the campaign in the filter (else the latest one). Events only follow the filter's région and département.
map-no-campaign = No campaign yet: create one to see its stages on the map.
map-board-link = Campaign board
map-agenda-link = See the agenda
map-stages-caption = The campaign's organisations by département and stage
map-total = Total
map-events = Events to come
map-events-caption = Events to come by département
map-events-scope = The next twelve months, as the agenda's list shows them; an event counts once however many dates it has.
map-events-count = { $count ->
    [0] no event to come
    [one] one event to come
   *[other] { $count } events to come
}

## Probable duplicates among people (src/people/duplicates.rs)
duplicates-reason-name = same name
duplicates-reason-phone = same phone
audit-field-merged-lawful-basis = Lawful basis of the merged record
