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

yes = yes
no = no
save = Save
logout = Log out
filter-apply = Filter
pagination = Pages
form-has-errors = The form has errors; nothing was saved:
nav-admin-users = Accounts
nav-admin-audit = Log

error-required = This field is required.
error-email-invalid = This email address is not valid (example: name@example.org).
error-email-taken = An account already uses this email address.
error-choice-invalid = Choose a value from the list.
error-date-invalid = Invalid date: use the YYYY-MM-DD format.
error-password-short = The password is too short: at least 12 characters, not only spaces.
error-password-mismatch = The two passwords differ.
error-read-only = Your account is read-only: you can look but not change anything. Ask an administrator if you need to contribute.
error-csrf = The form has expired or does not come from relais. Reload the page and try again.
error-form-too-large = The submitted form is too large.
error-unauthorized-title = Login required
error-unauthorized = Log in to open this page.
error-too-many-title = Too many attempts

field-display-name = Display name
field-email = Email address
field-password = Password
field-password-confirm = Confirm the password
field-role = Role
password-hint = At least { $min } characters; a passphrase is ideal.

setup-title = Welcome to relais
setup-intro = First start: create the administrator account. You can then invite the other volunteers.
setup-submit = Create the administrator account
login-title = Log in
login-submit = Log in
login-failed = Wrong email address or password.
login-rate-limited = Too many login attempts. Try again after { $time } (in { $minutes } min).
invitation-title = Choose your password
invitation-intro = Hello { $name }: choose the password of your account { $email }.
invitation-submit = Activate my account
invitation-invalid = This invitation link is no longer valid (already used or expired). Ask an administrator for a new one.

users-title = Accounts
users-last-login = Last login
users-never = never
users-access = Role and access
users-active = active
users-invite = Invite someone
users-invite-intro = The account is created without a password; send the person the invitation link shown (valid 7 days).
users-invite-submit = Create the invitation
users-invited = Invitation created for { $name }. Send them this link:
users-cannot-demote-self = You cannot remove your own administrator rights or disable your own account.
users-changed-meanwhile = Someone else changed this account meanwhile; reload the page and try again.

audit-history = History
audit-history-empty = No change recorded.
audit-system = relais (automatic)
audit-empty = (empty)
audit-log-title = Change log
audit-all-users = Everyone
audit-filter-user = Author
audit-filter-from = From
audit-filter-to = To
audit-count = { $count ->
    [0] no entry
    [one] 1 entry
   *[other] { $count } entries
}
audit-when = When
audit-who = Who
audit-what = What
audit-changes = Changes

# Vocabularies
role-admin = administrator
role-volunteer = volunteer
role-viewer = read-only
audit-action-create = Created
audit-action-update = Changed
audit-action-delete = Deleted
audit-action-erase = Erased
entity-organisation = organisation
entity-person = person
entity-interaction = contact
entity-event = event
entity-kit = workshop kit
entity-workshop-session = workshop session
entity-campaign = campaign
entity-outreach = outreach
entity-user = account
entity-feed = followed calendar
entity-setting = setting
scope-national = national
scope-regional = regional
scope-departmental = departmental
scope-local = local
relation-coordinates = coordinates
relation-member-of = member of
relation-partner-of = partner of
relation-relays-to = relays to
channel-website = Website
channel-newsletter = Newsletter
channel-mailing-list = Mailing list
channel-contact-form = Contact form
channel-email = Email
channel-facebook = Facebook
channel-twitter = Twitter / X
channel-mastodon = Mastodon
channel-instagram = Instagram
channel-youtube = YouTube
channel-pinterest = Pinterest
channel-vimeo = Vimeo
channel-blog = Blog
channel-wiki = Wiki
channel-other = Other
runner-staff = the organisation's staff
runner-local-association = a local association
runner-paid-professional = a paid external professional
runner-volunteers = volunteers
lawful-basis-consent = consent
lawful-basis-legitimate-interest = legitimate interest
interaction-channel-email = email
interaction-channel-phone = phone
interaction-channel-meeting = meeting
interaction-channel-event-talk = talk at a professional day
interaction-channel-mailing-list-post = mailing-list post
interaction-channel-contact-form = contact form
interaction-channel-social-media = social media
interaction-channel-letter = letter
interaction-channel-other = other
direction-outbound = from us
direction-inbound = from them
stage-to-research = to research
stage-to-contact = to contact
stage-contacted = contacted
stage-in-discussion = in discussion
stage-relay = relay / partner
stage-declined = declined
stage-on-hold = on hold
priority-low = low
priority-normal = normal
priority-high = high
metric-relay-organisations = relay or partner organisations
metric-organisations-contacted = organisations contacted
metric-presentations = talks given
metric-sessions-without-us = workshops run without us
metric-sessions-total = workshops run
event-kind-congress = congress
event-kind-professional-day = professional day
event-kind-training-day = training day
event-kind-network-meeting = network meeting
event-kind-webinar = webinar
event-kind-cryptoparty = cryptoparty
event-kind-workshop-session = workshop session
event-kind-other = other
participation-none = none
participation-considering = considering
participation-proposal-sent = proposal sent
participation-accepted = accepted
participation-attending = attending
participation-presented = presented
participation-declined = declined
feed-status-ok = up to date
feed-status-error = failing
outbox-op-upsert = update
outbox-op-delete = delete
level-1 = Level 1: build a network
level-2 = Level 2: present at professional days and congresses
level-3 = Level 3: reproducible workshops

# Shared by forms and lists
filter-all = All
filter-none = None
filter-kind = Kind
filter-region = Région
filter-departement = Département
error-too-long = This text is too long.
error-version-missing = The form does not say which version you were editing; reload the page.
conflict-explanation = Someone saved this record while you were editing it. Here is their current version:
conflict-your-input = Your input is kept below: check it, then save again to keep it.
export-label = Export this list:

## One-time messages after an action
flash-created = Record created.
flash-saved = Changes saved.
flash-deleted = Record deleted.
flash-logged = Contact logged.
error-control-character = The field “{ $field }” contains an invisible (control) character, which is not accepted. Remove it, for instance by typing the value again, and retry.
error-field-too-long = The field “{ $field }” is too long: { $length } characters where { $max } at most are accepted.
