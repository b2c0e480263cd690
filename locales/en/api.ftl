## API: errors, tokens, reference

api-stale-version = The record was changed meanwhile: nothing was saved. The current version is attached ("current"); start again from its ETag.
api-version-required = Say which version the change applies to in the If-Match header (the ETag you read).
api-rate-limited = Too many requests for this token: try again in { $seconds } s.
api-token-read-only = This token is read-only: create a token allowed to write.
api-body-unreadable = The request body is not a readable JSON object.
api-field-wrong-type = Value of an unexpected type.
api-limit-invalid = Give a number between 1 and 200.
api-cursor-invalid = Unknown cursor: use the "next" value of the previous page.
api-reference-title = API reference
api-reference-intro = The operations of the JSON API, drawn from its OpenAPI document. Every request carries a personal token: Authorization: Bearer relais_…
api-reference-document = OpenAPI 3.1 document (JSON)
api-reference-parameters = Parameters
api-reference-responses = Responses
api-reference-required = required
tokens-title = API tokens
tokens-intro = A token lets a script use the API on your behalf, with your role. It is shown only once, when it is created.
tokens-name = Token name
tokens-can-write = May change data (otherwise read-only)
tokens-expires-days = Expires after (days, blank: never)
tokens-create = Create the token
tokens-created = Here is your token "{ $name }". Copy it now: it will not be shown again.
tokens-none = No token yet.
tokens-last-used = Last used
tokens-expires = Expires
tokens-access = Access
tokens-read-only = Read-only
tokens-read-write = Read and write
tokens-never = Never
tokens-revoked = Revoked
tokens-expired = Expired
tokens-revoke = Revoke
tokens-expires-invalid = Give a number of days between 1 and 3650.
api-token-title = Token required
api-token-required = Send a valid personal API token: Authorization: Bearer relais_… (created on the "API tokens" page of the menu, or with relais token add).

## Webhooks (/admin/webhooks)
webhooks-title = Webhooks
webhooks-intro = A webhook tells another tool (a chat channel, a spreadsheet, a script) when something changes in relais: a record created, a contact logged, a stage reached. relais sends the address a short signed JSON message (what, which record, when, by which account — never a person's name); the tool reads the rest through the API with its own token.
webhooks-none = No webhook yet.
webhooks-created = Webhook registered for { $url }. Here is its secret, for the receiving tool to check signatures; it can be read here only now:
webhooks-hears = Told about:
webhooks-on = active
webhooks-off = turned off
webhooks-turn-off = Turn off
webhooks-turn-on = Turn on
webhooks-delete = Delete
webhooks-no-delivery = Nothing sent yet.
webhooks-recent = Latest deliveries
webhooks-event = Event
webhooks-when = Happened
webhooks-status = Status
webhooks-attempts = Attempts
webhooks-delivered = received
webhooks-given-up = given up after repeated failures
webhooks-retrying = failed, will try again
webhooks-waiting = waiting
webhooks-add = Add a webhook
webhooks-url = Receiving address
webhooks-url-hint = An http:// or https:// address on the internet that accepts a JSON POST.
webhooks-description = Description
webhooks-entities = Tell when these change…
webhooks-url-invalid = Give a full web address starting with http:// or https://.
webhooks-url-private = This address is on a private network or on the server itself: relais sends nothing there (the RELAIS_WEBHOOKS_ALLOW_PRIVATE setting allows it).
webhooks-entities-required = Tick at least one kind of record.
webhooks-active-invalid = Unknown activation choice.
webhooks-signature-title = Checking the signature
webhooks-signature = Each delivery carries the header relais-signature: t=<timestamp>,v1=<signature>. The signature is the hex HMAC-SHA256 of "timestamp.body" (the timestamp, a dot, then the body as received) under the webhook's secret. Refuse a delivery whose signature differs or whose timestamp is more than five minutes old. A delivery that gets no 2xx answer is tried again (after 30 s, 2 min, 10 min, 30 min, 1 h, 6 h, 16 h), then given up; the relais-delivery header lets you ignore a duplicate.

## /api/v1/search
api-search-unavailable = Search is not answering right now; try again in a moment.
api-search-limit-invalid = Give a number between 1 and 50.
api-window-too-long = A window of 400 days at most: bring “to” closer to “from”.
api-organisation-invalid = Give an organisation's number.
api-objectives-too-many = A campaign has 50 objectives at most.
