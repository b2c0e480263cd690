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
