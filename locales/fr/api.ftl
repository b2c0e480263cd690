## API : erreurs, jetons, référence

api-stale-version = L'enregistrement a été modifié entre-temps : rien n'a été enregistré. La version actuelle est jointe (« current ») ; repartez de son ETag.
api-version-required = Indiquez la version sur laquelle porte la modification dans l'en-tête If-Match (l'ETag lu).
api-rate-limited = Trop de requêtes pour ce jeton : réessayez dans { $seconds } s.
api-token-read-only = Ce jeton est en lecture seule : créez un jeton avec le droit d'écrire.
api-body-unreadable = Le corps de la requête n'est pas un objet JSON lisible.
api-field-wrong-type = Valeur d'un type inattendu.
api-limit-invalid = Donnez un nombre entre 1 et 200.
api-cursor-invalid = Curseur inconnu : reprenez la valeur « next » de la page précédente.
api-reference-title = Référence de l'API
api-reference-intro = Les opérations de l'API JSON, tirées de son document OpenAPI. Chaque requête porte un jeton personnel : Authorization: Bearer relais_…
api-reference-document = Document OpenAPI 3.1 (JSON)
api-reference-parameters = Paramètres
api-reference-responses = Réponses
api-reference-required = obligatoire
tokens-title = Jetons d'API
tokens-intro = Un jeton permet à un script d'utiliser l'API en votre nom, avec votre rôle. Il n'est affiché qu'une fois, à sa création.
tokens-name = Nom du jeton
tokens-can-write = Peut modifier (sinon lecture seule)
tokens-expires-days = Expire après (jours, vide : jamais)
tokens-create = Créer le jeton
tokens-created = Voici votre jeton « { $name } ». Copiez-le maintenant : il ne sera plus affiché.
tokens-none = Aucun jeton pour l'instant.
tokens-last-used = Dernière utilisation
tokens-expires = Expiration
tokens-access = Droits
tokens-read-only = Lecture seule
tokens-read-write = Lecture et écriture
tokens-never = Jamais
tokens-revoked = Révoqué
tokens-expired = Expiré
tokens-revoke = Révoquer
tokens-expires-invalid = Donnez un nombre de jours entre 1 et 3650.
api-token-title = Jeton requis
api-token-required = Envoyez un jeton d'API personnel valide : Authorization: Bearer relais_… (créé sur la page « Jetons d'API » du menu, ou avec relais token add).

## Webhooks (/admin/webhooks)
webhooks-title = Webhooks
webhooks-intro = Un webhook prévient un autre outil (un canal de discussion, un tableur, un script) quand quelque chose change dans relais : une fiche créée, un échange noté, une étape franchie. relais envoie à l'adresse indiquée un court message JSON signé (quoi, quelle fiche, quand, par quel compte — jamais le nom d'une personne) ; l'outil lit le reste par l'API avec son propre jeton.
webhooks-none = Aucun webhook pour l'instant.
webhooks-created = Webhook enregistré pour { $url }. Voici son secret, à donner à l'outil qui reçoit pour qu'il vérifie les signatures ; il reste lisible ici seulement maintenant :
webhooks-hears = Prévenu pour :
webhooks-on = actif
webhooks-off = désactivé
webhooks-turn-off = Désactiver
webhooks-turn-on = Réactiver
webhooks-delete = Supprimer
webhooks-no-delivery = Aucun envoi pour l'instant.
webhooks-recent = Derniers envois
webhooks-event = Événement
webhooks-when = Survenu le
webhooks-status = État
webhooks-attempts = Tentatives
webhooks-delivered = reçu
webhooks-given-up = abandonné après plusieurs échecs
webhooks-retrying = en échec, nouvel essai prévu
webhooks-waiting = en attente
webhooks-add = Ajouter un webhook
webhooks-url = Adresse qui reçoit
webhooks-url-hint = Une adresse http:// ou https:// sur internet, qui accepte une requête POST en JSON.
webhooks-description = Description
webhooks-entities = Prévenir quand changent…
webhooks-url-invalid = Indiquez une adresse web complète, qui commence par http:// ou https://.
webhooks-url-private = Cette adresse est sur un réseau privé ou sur le serveur lui-même : relais n'y envoie rien (réglage RELAIS_WEBHOOKS_ALLOW_PRIVATE pour l'autoriser).
webhooks-entities-required = Cochez au moins un type de fiche.
webhooks-active-invalid = Choix d'activation inconnu.
webhooks-signature-title = Vérifier la signature
webhooks-signature = Chaque envoi porte l'en-tête relais-signature: t=<horodatage>,v1=<signature>. La signature est le HMAC-SHA256, en hexadécimal, de « horodatage.corps » (l'horodatage, un point, puis le corps tel que reçu) avec le secret du webhook. Refusez un envoi dont la signature diffère ou dont l'horodatage a plus de cinq minutes. Un envoi qui n'obtient pas de réponse 2xx est retenté (après 30 s, 2 min, 10 min, 30 min, 1 h, 6 h, 16 h), puis abandonné ; l'en-tête relais-delivery permet d'ignorer un doublon.

## /api/v1/search
api-search-unavailable = La recherche ne répond pas pour l'instant ; réessayez dans un moment.
api-search-limit-invalid = Donnez un nombre entre 1 et 50.
api-window-too-long = Une fenêtre de 400 jours au plus : rapprochez « to » de « from ».
api-organisation-invalid = Donnez le numéro d'une organisation.
api-objectives-too-many = Une campagne a 50 objectifs au plus.
