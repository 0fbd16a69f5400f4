/**
 * English, the part the sign-in page needs (the app's frame, sign-in, errors): loaded first, so
 * the first page does not carry every message of the app (issue 16). `en.ts` adds the rest; a
 * test (test/unit/i18n-public.test.ts) checks that the public pages use no other key.
 */
export const enPublic = {
  'app.name': 'Concord',
  'app.tagline': "The partnership's system of record",
  'skip.toMain': 'Skip to main content',
  'header.language': 'Language',
  'lang.en': 'English',
  'lang.ja': '日本語',
  'common.loading': 'Loading…',
  'common.loadMore': 'Load more',
  'common.loadingMore': 'Loading more…',
  'common.retry': 'Try again',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.none': 'None',
  'common.saving': 'Saving…',
  'common.required': 'required',
  'error.title': 'This could not be loaded',
  'error.network': 'The server could not be reached. Check your connection and try again.',
  'error.say.rejectRationale': 'Write why you reject it: the other party reads your reason.',
  'error.say.concernTitle': 'Give the concern a short title.',
  'error.say.concernRationale': 'Write what worries you, so the author can answer it.',
  'error.say.concernResolution': 'Write how the concern was resolved.',
  'error.say.commentBody': 'Write your comment before posting it.',
  'error.say.proposalTitle': 'Give the proposal a title.',
  'error.say.decideByPassed':
    '{date} has already passed. Choose today or a later date, or leave it empty.',
  'error.say.decideByTooFar':
    '{date} is more than five years ahead. Choose a date no later than {latest}, or leave it empty.',
  'error.say.date': 'Write the date as year-month-day, for example 2027-03-31.',
  'error.say.reviewersMissing':
    'Assign at least one reviewer from each party before submitting (missing: {parties}).',
  'error.say.tooLong': 'This is too long: at most {max} characters.',
  'error.unknown': 'Something went wrong. Please try again.',
  'error.notFound.title': 'Page not found',
  'error.notFound.body': 'There is no page at this address.',
  'error.forbidden.title': 'Not available to you',
  'error.forbidden.body': 'This page needs a role you do not hold.',
  'error.goHome': 'Go to Home',
  'error.api.withDetail': '{summary} ({detail})',
  'error.api.unauthorized': 'Please sign in.',
  'error.api.forbidden': 'You may not do this.',
  'error.api.notFound': 'Not found.',
  'error.api.conflict': 'This changed since you loaded it; reload and try again.',
  'error.api.badRequest': 'Please check what you entered.',
  'error.api.guardrail': 'This conflicts with the charter’s guardrails.',
  'error.api.invalidTransition': 'This is not possible in the current state.',
  'error.api.tooMany': 'Too many attempts; please wait and try again.',
  'error.api.internal': 'Something went wrong on our side; nothing was changed.',
  'auth.title': 'Sign in',
  'auth.intro': 'Sign in with the account your administrator gave you.',
  'auth.email': 'Email',
  'auth.password': 'Password',
  'auth.submit': 'Sign in',
  'auth.submitting': 'Signing in…',
  'auth.failed': 'Could not sign in',
  'auth.expired':
    'Your session has ended. Sign in again to go back to where you were; what you were typing has been kept.',
  'auth.signedOut': 'You have signed out.',
  'auth.reauth.needed': 'This needs a fresh sign-in: enter your password again to go on.',
  'auth.reauth.password': 'Your password',
  'auth.reauth.submit': 'Confirm it is me',
  'auth.sso.title': 'Or sign in through your company',
  'auth.sso.with': 'Sign in with {party}',
  'auth.sso.error.email_in_use':
    "Your company's sign-in gave an email that belongs to another account (of another party, or not linked to your company's sign-in). Nothing was signed in or linked: ask your company's Concord admin.",
  'auth.sso.error.no_email':
    "Your company's sign-in did not tell Concord your email address: ask your company's administrator to release the email claim.",
  'auth.sso.error.disabled': 'Your account in Concord is disabled: ask your admin.',
  'auth.sso.error.expired':
    'That sign-in took too long or was started in another browser. Please try again.',
  'auth.sso.error.cancelled': "The sign-in was cancelled at your company's sign-in page.",
  'auth.sso.error.failed':
    "Concord could not accept the answer of your company's sign-in. Please try again; if it keeps failing, tell your admin.",
  'auth.sso.error.not_configured':
    'That company does not sign in through its own provider (any more).',
  'auth.sso.error.provider_unreachable':
    "Your company's sign-in could not be reached. Please try again later.",
  'auth.sso.error.session_ended': 'Your session has ended. Please sign in again.',
  'auth.sso.error.not_same_person':
    "Your company's sign-in confirmed a different person. Nothing was changed.",
  'auth.reauth.provider':
    "This needs a fresh sign-in: confirm who you are at your company's sign-in page, then come back and do it again.",
  'auth.reauth.providerGo': "Confirm at my company's sign-in",
  'auth.reauth.providerDone': 'You confirmed who you are. Do it again now.',
  'auth.reauth.providerNotDone':
    "Your company's sign-in did not confirm you (cancelled, or a different person). Try again.",
  'sso.title': 'Single sign-on of {party}',
  'sso.help':
    "Connect your company's OpenID Connect provider. Register this redirect URI at the provider: {uri}",
  'sso.issuer': 'Issuer URL',
  'sso.clientId': 'Client ID',
  'sso.clientSecret': 'Client secret',
  'sso.clientSecretKept': 'A secret is stored (it is never shown). Leave empty to keep it.',
  'sso.groupClaim': 'Group claim',
  'sso.passwordSignIn': 'People of my party may also sign in with a password',
  'sso.save': 'Save provider',
  'sso.saved': 'Provider saved.',
  'sso.mapping.title': 'Groups → roles',
  'sso.mapping.help':
    'One line per group: group, partnership, role. A change waits for a second admin or partnership lead of your party.',
  'sso.mapping.inForce': 'In force',
  'sso.mapping.none': 'No mapping in force: people signing in hold no roles from groups.',
  'sso.mapping.group': 'Group',
  'sso.mapping.partnership': 'Partnership',
  'sso.mapping.role': 'Role',
  'sso.mapping.add': 'Add line',
  'sso.mapping.remove': 'Remove',
  'sso.mapping.request': 'Ask for this mapping',
  'sso.mapping.requested': 'Mapping change requested; a second person must confirm it.',
  'sso.mapping.pending': 'Asked for by {by} on {at}',
  'sso.mapping.confirm': 'Confirm mapping',
  'sso.mapping.confirmed': 'Mapping confirmed: in force from each next sign-in.',
  'sso.mapping.notYours': 'A second person confirms this.',
  'error.say.eitherLanguage':
    'Write the title and the statement of each added item in English, Japanese or both.',
  'error.say.unknownCountry':
    'Use a two-letter country code the holiday calendar knows, such as JP.',
  'error.say.unknownTimeZone': 'Use a time zone name such as Asia/Tokyo or Europe/Berlin.',
  'error.say.webhookUrl': 'Enter the full address, starting with https://',
  'error.say.webhookHttps':
    'Use an https:// address: plain http is only for a receiver on this machine (localhost).',
  'error.say.webhookCredentials':
    'Take the user name and password out of the address: the signature proves each delivery.',
  'error.say.webhookKinds': 'Choose at least one event to send.',
  'error.say.webhookDisabled': 'Enable the endpoint before sending it a test event.',
  'error.say.shutdownClosed':
    '{date} is a weekend day or public holiday already: choose a working day.',
  'error.say.shutdownDate': 'Choose the day, as year-month-day.',
  'waits.error.reviewersTooFew':
    'The policy needs {needed} reviewers of each party for this proposal; assign more before submitting (assigned now: {parties}).',
  'error.say.auditorsChangeNothing':
    'Auditors read, verify and export the record; they change nothing. Ask a partnership lead if something needs doing.',
  'error.say.ledgerBroken':
    'The ledger does not verify (it breaks at event {seq}), so it is not exported. Run the verification on this page for the details.',
  'error.say.recused':
    'You recused yourself from this proposal: you can no longer review, sign off or reject it.',
  'error.say.positionReason': 'Give your reason: this position goes on the record with it.',
  'error.say.positionNotOffered': "This proposal's policy does not offer that position.",
  'error.say.recusalReason': 'Say what the conflict of interest is.',
  'error.say.delegationNotInForce':
    'No delegation lets you sign for this person now: it may have ended, been revoked or not been approved yet.',
  'error.say.delegationSecondPerson':
    'A second person of your party must approve: neither the lead who delegates nor the delegate.',
  'error.say.delegateOtherParty': 'A delegate must be a person of your own party.',
  'error.say.delegationEndsBeforeStart': 'The last day comes before the first day.',
  'error.say.delegationTooFarAhead':
    'A delegation starts at most {max} days from today; ask nearer the time.',
  'error.say.delegationEnded': 'The last day has passed.',
  'error.say.concernGroundsRef': 'Choose the charter item or policy clause the concern stands on.',
  'error.say.concernGroundsText': 'Say in your own words what the concern stands on.',
  'error.say.concernResolvesWhen': 'Say what would resolve the concern.',
  'error.say.unknownCharterItem':
    '{code} is not a current item of this partnership’s charter: choose one from the list.',
  'error.say.unknownPolicyClause': 'Choose one of the policy clauses in the list.',
  'escalation.error.notDeadlocked':
    'This proposal cannot be escalated now: it must be rejected or overdue on both parties’ calendars, with a rung of the ladder left.',
  'escalation.error.ladderOrder':
    'The first rung of a ladder is reached by a deadlock, each next one when the previous cooling-off ends.',
  'escalation.error.procedureLadder':
    'A procedure item states its escalation ladder, and only a procedure item does.',
} satisfies Record<string, string>

export type PublicMessageKey = keyof typeof enPublic
