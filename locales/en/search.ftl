# Search
search-title = Search
search-help = Accents and capitals do not matter, typos are tolerated; results follow your typing.
search-unavailable = Search is unavailable for a moment. Your changes are saved and will be found as soon as it is back.
search-facets = Refine
search-total = { $count ->
    [0] No result
    [one] 1 result
   *[other] { $count } results
}
search-type-organisation = organisation
search-type-person = person
search-type-event = event
search-type-kit = workshop kit
search-facet-type = Record type
search-facet-kind = Category
search-facet-region = Région
search-facet-departement = Département
search-facet-stage = Outreach stage
search-facet-tag = Tags
search-facet-when = Date
search-when-upcoming = upcoming
search-when-past = past
page-previous = Previous page
page-next = Next page
page-of = Page { $page } of { $pages }
pick-hint = Type a few letters of the name or acronym, then choose from the list.
pick-ambiguous = Several records match: please choose
pick-candidates = Matching records
pick-no-match = No record matches.
pick-organisation-unknown = No organisation in the directory matches.
pick-person-unknown = No person in the directory matches (or their data was erased).

## Command palette
palette-title = Go to…
palette-open = Go to…
palette-label = Organisation, person, event, page or action
palette-hint = Type a few letters; arrows to choose, Enter to go, Escape to close.
palette-group-action = action
palette-group-page = page
palette-group-view = saved view
palette-new-organisation = New organisation
palette-new-person = New person
palette-new-event = New event
palette-new-session = New workshop
