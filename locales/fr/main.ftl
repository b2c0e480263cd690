# Interface relais — français (langue par défaut).
language-name = Français
language-switch = Langue
skip-to-content = Aller au contenu
nav-label = Navigation principale
nav-dashboard = Tableau de bord
nav-directory = Annuaire
nav-people = Personnes
nav-agenda = Agenda
nav-campaign = Campagne
nav-workshops = Ateliers
search-label = Rechercher dans relais
search-placeholder = Rechercher une structure, une personne, un événement…
search-submit = Rechercher

error-not-found-title = Page introuvable
error-not-found = Cette page n'existe pas ou plus. Vérifiez l'adresse, ou repartez de l'accueil.
error-bad-request-title = Saisie à corriger
error-conflict-title = Modification concurrente
error-forbidden-title = Accès refusé
error-forbidden = Votre compte ne permet pas cette action.
error-internal-title = Erreur inattendue
error-internal = Une erreur inattendue s'est produite ; rien n'a été enregistré. Réessayez dans un instant.
error-back-home = Retour à l'accueil

overview-title = Annuaire des structures
overview-intro = Les structures suivies, regroupées par type.
overview-empty = Aucune structure pour l'instant.
overview-parent = rattachée à
overview-count = { $count ->
    [0] aucune structure
    [one] 1 structure
   *[other] { $count } structures
}

# Types de structure
org-kind-professional-association = Associations professionnelles
org-kind-commission = Commissions
org-kind-regional-group = Groupes régionaux
org-kind-mediation-network = Réseaux de médiation numérique
org-kind-association = Associations
org-kind-departmental-library = Bibliothèques départementales
org-kind-library = Bibliothèques et médiathèques
org-kind-mediation-place = Lieux de médiation numérique
org-kind-cyber-centre = Cybercentres
org-kind-school = Établissements scolaires
org-kind-local-authority = Collectivités
org-kind-communication-service = Services communication
org-kind-mailing-list = Listes de diffusion
org-kind-other = Autres

yes = oui
no = non
save = Enregistrer
logout = Se déconnecter
filter-apply = Filtrer
pagination = Pages
form-has-errors = Le formulaire contient des erreurs ; rien n'a été enregistré :
nav-admin-users = Comptes
nav-admin-audit = Journal

error-required = Ce champ est obligatoire.
error-email-invalid = Cette adresse e-mail n'est pas valide (exemple : prenom@exemple.fr).
error-email-taken = Un compte utilise déjà cette adresse e-mail.
error-choice-invalid = Choisissez une valeur dans la liste.
error-date-invalid = Date invalide : utilisez le format AAAA-MM-JJ.
error-password-short = Le mot de passe est trop court : 12 caractères au moins, pas seulement des espaces.
error-password-mismatch = Les deux mots de passe ne correspondent pas.
error-read-only = Votre compte est en lecture seule : vous pouvez consulter mais pas modifier. Demandez à un·e administrateur·ice si vous devez contribuer.
error-csrf = Le formulaire a expiré ou ne vient pas de relais. Rechargez la page et recommencez.
error-form-too-large = Le formulaire envoyé est trop volumineux.
error-unauthorized-title = Connexion requise
error-unauthorized = Connectez-vous pour accéder à cette page.
error-too-many-title = Trop de tentatives

field-display-name = Nom affiché
field-email = Adresse e-mail
field-password = Mot de passe
field-password-confirm = Confirmez le mot de passe
field-role = Rôle
password-hint = Au moins { $min } caractères ; une phrase de passe est idéale.

setup-title = Bienvenue dans relais
setup-intro = Première utilisation : créez le compte administrateur. Vous pourrez ensuite inviter les autres bénévoles.
setup-submit = Créer le compte administrateur
login-title = Connexion
login-submit = Se connecter
login-failed = Adresse e-mail ou mot de passe incorrect.
login-rate-limited = Trop de tentatives de connexion. Réessayez après le { $time } (dans { $minutes } min).
invitation-title = Choisissez votre mot de passe
invitation-intro = Bonjour { $name } : choisissez le mot de passe de votre compte { $email }.
invitation-submit = Activer mon compte
invitation-invalid = Ce lien d'invitation n'est plus valable (déjà utilisé ou expiré). Demandez-en un nouveau à un·e administrateur·ice.

users-title = Comptes
users-last-login = Dernière connexion
users-never = jamais
users-access = Rôle et accès
users-active = actif
users-invite = Inviter une personne
users-invite-intro = Le compte est créé sans mot de passe ; envoyez à la personne le lien d'invitation affiché (valable 7 jours).
users-invite-submit = Créer l'invitation
users-invited = Invitation créée pour { $name }. Envoyez-lui ce lien :
users-cannot-demote-self = Vous ne pouvez pas retirer vos propres droits d'administration ni désactiver votre compte.
users-changed-meanwhile = Ce compte a été modifié entre-temps par quelqu'un d'autre ; rechargez la page et recommencez.

audit-history = Historique
audit-history-empty = Aucune modification enregistrée.
audit-system = relais (automatique)
audit-empty = (vide)
audit-log-title = Journal des modifications
audit-all-users = Tout le monde
audit-filter-user = Auteur·ice
audit-filter-from = Du
audit-filter-to = Au
audit-count = { $count ->
    [0] aucune entrée
    [one] 1 entrée
   *[other] { $count } entrées
}
audit-when = Quand
audit-who = Qui
audit-what = Quoi
audit-changes = Modifications

# Vocabulaires
role-admin = administrateur·ice
role-volunteer = bénévole
role-viewer = lecture seule
audit-action-create = Création
audit-action-update = Modification
audit-action-delete = Suppression
audit-action-erase = Effacement
entity-organisation = structure
entity-person = personne
entity-interaction = échange
entity-event = événement
entity-kit = kit d'atelier
entity-workshop-session = séance d'atelier
entity-campaign = campagne
entity-outreach = suivi
entity-user = compte
entity-feed = agenda suivi
entity-setting = réglage
scope-national = nationale
scope-regional = régionale
scope-departmental = départementale
scope-local = locale
relation-coordinates = coordonne
relation-member-of = membre de
relation-partner-of = partenaire de
relation-relays-to = relaie vers
channel-website = Site web
channel-newsletter = Lettre d'information
channel-mailing-list = Liste de diffusion
channel-contact-form = Formulaire de contact
channel-email = E-mail
channel-facebook = Facebook
channel-twitter = Twitter / X
channel-mastodon = Mastodon
channel-instagram = Instagram
channel-youtube = YouTube
channel-pinterest = Pinterest
channel-vimeo = Vimeo
channel-blog = Blog
channel-wiki = Wiki
channel-other = Autre
runner-staff = l'équipe de la structure
runner-local-association = une association locale
runner-paid-professional = un·e professionnel·le extérieur·e rémunéré·e
runner-volunteers = des bénévoles
lawful-basis-consent = consentement
lawful-basis-legitimate-interest = intérêt légitime
interaction-channel-email = e-mail
interaction-channel-phone = téléphone
interaction-channel-meeting = rencontre
interaction-channel-event-talk = intervention en journée pro
interaction-channel-mailing-list-post = message sur une liste
interaction-channel-contact-form = formulaire de contact
interaction-channel-social-media = réseaux sociaux
interaction-channel-letter = courrier
interaction-channel-other = autre
direction-outbound = de notre part
direction-inbound = de leur part
stage-to-research = à étudier
stage-to-contact = à contacter
stage-contacted = contactée
stage-in-discussion = en discussion
stage-relay = relais / partenaire
stage-declined = a décliné
stage-on-hold = en attente
priority-low = basse
priority-normal = normale
priority-high = haute
metric-relay-organisations = structures relais ou partenaires
metric-organisations-contacted = structures contactées
metric-presentations = présentations faites
metric-sessions-without-us = ateliers animés sans nous
metric-sessions-total = ateliers animés
event-kind-congress = congrès
event-kind-professional-day = journée professionnelle
event-kind-training-day = journée de formation
event-kind-network-meeting = rencontre de réseau
event-kind-webinar = webinaire
event-kind-cryptoparty = cryptoparty
event-kind-workshop-session = séance d'atelier
event-kind-other = autre
participation-none = aucune
participation-considering = à l'étude
participation-proposal-sent = proposition envoyée
participation-accepted = acceptée
participation-attending = nous y allons
participation-presented = présentation faite
participation-declined = déclinée
feed-status-ok = à jour
feed-status-error = en erreur
outbox-op-upsert = mise à jour
outbox-op-delete = suppression
level-1 = Niveau 1 : créer du réseau
level-2 = Niveau 2 : présenter en journées pro et congrès
level-3 = Niveau 3 : ateliers reproductibles

# Communs aux formulaires et listes
filter-all = Tous
filter-none = Aucun
filter-kind = Type
filter-region = Région
filter-departement = Département
error-too-long = Ce texte est trop long.
error-version-missing = Le formulaire ne dit pas quelle version vous modifiiez ; rechargez la page.
conflict-explanation = Quelqu'un a enregistré cette fiche pendant que vous la modifiiez. Voici sa version actuelle :
conflict-your-input = Votre saisie est conservée ci-dessous : vérifiez-la puis enregistrez à nouveau pour la garder.
export-label = Exporter cette liste :

## One-time messages after an action
flash-created = Fiche créée.
flash-saved = Modifications enregistrées.
flash-deleted = Fiche supprimée.
flash-logged = Contact consigné.
error-control-character = Le champ « { $field } » contient un caractère invisible (caractère de contrôle) qui n'est pas accepté. Retirez-le, par exemple en retapant la valeur, puis recommencez.
error-field-too-long = Le champ « { $field } » est trop long : { $length } caractères pour { $max } au plus.
