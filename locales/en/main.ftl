# relais interface — English.
language-name = English
language-switch = Language
skip-to-content = Skip to content
nav-label = Main navigation
nav-dashboard = Dashboard
nav-directory = Directory
nav-people = People
nav-agenda = Agenda
nav-campaign = Campaign
nav-workshops = Workshops
search-label = Search relais
search-placeholder = Search an organisation, a person, an event…
search-submit = Search

error-not-found-title = Page not found
error-not-found = This page does not exist (any more). Check the address, or start again from the home page.
error-bad-request-title = Please correct your input
error-conflict-title = Concurrent change
error-forbidden-title = Access denied
error-forbidden = Your account does not allow this action.
error-internal-title = Unexpected error
error-internal = An unexpected error occurred; nothing was saved. Please try again in a moment.
error-back-home = Back to the home page

overview-title = Directory of organisations
overview-intro = The organisations we follow, grouped by kind.
overview-empty = No organisation yet.
overview-parent = part of
overview-count = { $count ->
    [0] no organisation
    [one] 1 organisation
   *[other] { $count } organisations
}

# Organisation kinds
org-kind-professional-association = Professional associations
org-kind-commission = Commissions
org-kind-regional-group = Regional groups
org-kind-mediation-network = Digital-mediation networks
org-kind-association = Associations
org-kind-departmental-library = Departmental libraries
org-kind-library = Libraries and médiathèques
org-kind-mediation-place = Digital-mediation places
org-kind-cyber-centre = Cyber-centres
org-kind-school = Schools
org-kind-local-authority = Local authorities
org-kind-communication-service = Communication services
org-kind-mailing-list = Mailing lists
org-kind-other = Other
