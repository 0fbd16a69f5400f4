import type { PublicMessageKey } from './en-public'

/** 日本語のうち、サインインページが使う部分（en-public.ts と同じキー）。残りは ja.ts。 */
export const jaPublic: Record<PublicMessageKey, string> = {
  'app.name': 'Concord',
  'app.tagline': 'パートナーシップの記録システム',
  'skip.toMain': 'メインコンテンツへ移動',
  'header.language': '言語',
  'lang.en': 'English',
  'lang.ja': '日本語',
  'common.loading': '読み込み中…',
  'common.loadMore': 'さらに読み込む',
  'common.loadingMore': 'さらに読み込み中…',
  'common.retry': '再試行',
  'common.cancel': 'キャンセル',
  'common.close': '閉じる',
  'common.none': 'なし',
  'common.saving': '保存中…',
  'common.required': '必須',
  'error.title': '読み込めませんでした',
  'error.network': 'サーバーに接続できませんでした。接続を確認して、もう一度お試しください。',
  'error.say.rejectRationale': '却下する理由を書いてください。相手方もその理由を読みます。',
  'error.say.concernTitle': '懸念に短い題名を付けてください。',
  'error.say.concernRationale': '起案者が答えられるよう、懸念の内容を書いてください。',
  'error.say.concernResolution': '懸念がどう解決されたかを書いてください。',
  'error.say.commentBody': '投稿する前にコメントを書いてください。',
  'error.say.proposalTitle': '提案に題名を付けてください。',
  'error.say.decideByPassed':
    '{date} は既に過ぎています。今日以降の日付を選ぶか、空欄にしてください。',
  'error.say.decideByTooFar':
    '{date} は5年以上先です。{latest} までの日付を選ぶか、空欄にしてください。',
  'error.say.date': '日付は年-月-日の形で書いてください（例：2027-03-31）。',
  'error.say.reviewersMissing':
    '提出の前に、各当事者から少なくとも1人のレビュアーを割り当ててください（不足：{parties}）。',
  'error.say.tooLong': '長すぎます。{max}文字以内にしてください。',
  'error.unknown': '問題が発生しました。もう一度お試しください。',
  'error.notFound.title': 'ページが見つかりません',
  'error.notFound.body': 'このアドレスにはページがありません。',
  'error.forbidden.title': 'このページは利用できません',
  'error.forbidden.body': 'このページには、あなたが持っていない役割が必要です。',
  'error.goHome': 'ホームへ',
  'error.api.withDetail': '{summary}（詳細: {detail}）',
  'error.api.unauthorized': 'サインインしてください。',
  'error.api.forbidden': 'この操作を行う権限がありません。',
  'error.api.notFound': '見つかりません。',
  'error.api.conflict': '読み込んだ後に変更されています。再読み込みしてからやり直してください。',
  'error.api.badRequest': '入力内容を確認してください。',
  'error.api.guardrail': '憲章のガードレールに抵触しています。',
  'error.api.invalidTransition': '現在の状態ではこの操作はできません。',
  'error.api.tooMany': '試行回数が多すぎます。しばらく待ってからやり直してください。',
  'error.api.internal': 'サーバー側で問題が発生しました。変更は行われていません。',
  'auth.title': 'サインイン',
  'auth.intro': '管理者から受け取ったアカウントでサインインしてください。',
  'auth.email': 'メールアドレス',
  'auth.password': 'パスワード',
  'auth.submit': 'サインイン',
  'auth.submitting': 'サインイン中…',
  'auth.failed': 'サインインできませんでした',
  'auth.expired':
    'セッションが終了しました。もう一度サインインすると元の画面に戻ります。入力中の内容は保持されています。',
  'auth.signedOut': 'サインアウトしました。',
  'auth.reauth.needed':
    'この操作には再度のサインインが必要です。続けるにはパスワードを入力してください。',
  'auth.reauth.password': 'パスワード',
  'auth.reauth.submit': '本人であることを確認',
  'auth.sso.title': '会社のアカウントでサインイン',
  'auth.sso.with': '{party} でサインイン',
  'auth.sso.error.email_in_use':
    '会社のサインインが示したメールアドレスは別のアカウント（他の当事者のもの、または会社のサインインに結び付いていないもの）に属します。サインインも結び付けも行っていません。会社の Concord 管理者に連絡してください。',
  'auth.sso.error.no_email':
    '会社のサインインがメールアドレスを Concord に伝えませんでした。会社の管理者に email クレームの提供を依頼してください。',
  'auth.sso.error.disabled': 'Concord のアカウントが無効です。管理者に連絡してください。',
  'auth.sso.error.expired':
    'サインインに時間がかかりすぎたか、別のブラウザで始められました。もう一度お試しください。',
  'auth.sso.error.cancelled': '会社のサインイン画面でサインインが取り消されました。',
  'auth.sso.error.failed':
    '会社のサインインの応答を受け入れられませんでした。もう一度お試しください。続く場合は管理者に連絡してください。',
  'auth.sso.error.not_configured': 'その会社は独自のプロバイダーでのサインインを使っていません。',
  'auth.sso.error.provider_unreachable':
    '会社のサインインに接続できませんでした。後でもう一度お試しください。',
  'auth.sso.error.session_ended': 'セッションが終了しました。もう一度サインインしてください。',
  'auth.sso.error.not_same_person':
    '会社のサインインが別の人を確認しました。何も変更していません。',
  'auth.reauth.provider':
    '改めてサインインが必要です。会社のサインイン画面で本人確認をしてから戻り、もう一度実行してください。',
  'auth.reauth.providerGo': '会社のサインインで確認',
  'auth.reauth.providerDone': '本人確認ができました。もう一度実行してください。',
  'auth.reauth.providerNotDone':
    '会社のサインインで本人確認ができませんでした（取り消し、または別の人）。もう一度お試しください。',
  'sso.title': '{party} のシングルサインオン',
  'sso.help':
    '会社の OpenID Connect プロバイダーを接続します。プロバイダーにこのリダイレクト URI を登録してください：{uri}',
  'sso.issuer': '発行者（Issuer）の URL',
  'sso.clientId': 'クライアント ID',
  'sso.clientSecret': 'クライアントシークレット',
  'sso.clientSecretKept':
    'シークレットは保存済みです（表示されません）。変更しない場合は空欄のままにしてください。',
  'sso.groupClaim': 'グループのクレーム',
  'sso.passwordSignIn': '当事者の人はパスワードでもサインインできる',
  'sso.save': 'プロバイダーを保存',
  'sso.saved': 'プロバイダーを保存しました。',
  'sso.mapping.title': 'グループ → ロール',
  'sso.mapping.help':
    '1 行に 1 グループ：グループ、パートナーシップ、ロール。変更は当事者の別の管理者またはパートナーシップリードの確認を待ちます。',
  'sso.mapping.inForce': '有効',
  'sso.mapping.none':
    '有効な対応付けはありません。サインインする人はグループからロールを得ません。',
  'sso.mapping.group': 'グループ',
  'sso.mapping.partnership': 'パートナーシップ',
  'sso.mapping.role': 'ロール',
  'sso.mapping.add': '行を追加',
  'sso.mapping.remove': '削除',
  'sso.mapping.request': 'この対応付けを依頼',
  'sso.mapping.requested': '対応付けの変更を依頼しました。別の人の確認が必要です。',
  'sso.mapping.pending': '{by} が {at} に依頼',
  'sso.mapping.confirm': '対応付けを確認',
  'sso.mapping.confirmed': '対応付けを確認しました。各人の次のサインインから有効です。',
  'sso.mapping.notYours': '別の人が確認します。',
  'error.say.eitherLanguage':
    '追加する項目の題名と内容は、英語・日本語のどちらか、または両方で書いてください。',
  'error.say.unknownCountry': '祝日カレンダーにある 2 文字の国コード（例：JP）を使ってください。',
  'error.say.unknownTimeZone':
    'Asia/Tokyo や Europe/Berlin のようなタイムゾーン名を使ってください。',
  'error.say.webhookUrl': 'https:// から始まる完全なアドレスを入力してください。',
  'error.say.webhookHttps':
    'https:// のアドレスを使ってください。http はこのマシン上の受信側（localhost）に限ります。',
  'error.say.webhookCredentials':
    'アドレスからユーザー名とパスワードを外してください。各配信は署名で証明されます。',
  'error.say.webhookKinds': '送信するイベントを一つ以上選んでください。',
  'error.say.webhookDisabled': 'テストイベントを送る前にエンドポイントを有効にしてください。',
  'error.say.shutdownClosed': '{date} はすでに週末か祝日です。営業日を選んでください。',
  'error.say.shutdownDate': '日付を年-月-日で選んでください。',
  'waits.error.reviewersTooFew':
    'この提案には各社{needed}人のレビュアーが必要です。提出の前に追加してください（現在：{parties}）。',
  'error.say.auditorsChangeNothing':
    '監査担当者は記録の閲覧・検証・エクスポートのみを行い、変更はしません。対応が必要な場合はパートナーシップ責任者に依頼してください。',
  'error.say.ledgerBroken':
    '台帳の検証に失敗したため（イベント {seq} で破損）、エクスポートできません。詳細はこのページの検証を実行してご確認ください。',
  'error.say.recused': 'この提案への関与を回避したため、レビュー、サインオフ、却下はできません。',
  'error.say.positionReason': '理由を書いてください。この立場は理由とともに記録されます。',
  'error.say.positionNotOffered': 'この提案のポリシーではその立場を選べません。',
  'error.say.recusalReason': '利益相反の内容を書いてください。',
  'error.say.delegationNotInForce':
    '現在この人の代理で署名できる委任はありません。終了した、取り消された、または未承認の可能性があります。',
  'error.say.delegationSecondPerson':
    '自社のもう一人の承認が必要です。委任する責任者本人と代理人は承認できません。',
  'error.say.delegateOtherParty': '代理人は自社の人である必要があります。',
  'error.say.delegationEndsBeforeStart': '最終日が初日より前になっています。',
  'error.say.delegationTooFarAhead':
    '委任の開始日は今日から{max}日以内にしてください。近くなってから依頼してください。',
  'error.say.delegationEnded': '最終日が過ぎています。',
  'error.say.concernGroundsRef': '懸念の根拠となる憲章項目またはポリシー条項を選んでください。',
  'error.say.concernGroundsText': '懸念の根拠をご自身の言葉で書いてください。',
  'error.say.concernResolvesWhen': '懸念を解消する条件を書いてください。',
  'error.say.unknownCharterItem':
    '{code} はこのパートナーシップの現行の憲章項目ではありません。一覧から選んでください。',
  'error.say.unknownPolicyClause': '一覧にあるポリシー条項を選んでください。',
  'escalation.error.notDeadlocked':
    'この提案は今はエスカレーションできません。却下されているか両社のカレンダーで期限を過ぎていて、かつ残りの段階が必要です。',
  'escalation.error.ladderOrder':
    '最初の段階は膠着によって、次の各段階は前の冷却期間の終了によって始まります。',
  'escalation.error.procedureLadder':
    '手続き項目はエスカレーション手順を定め、手続き項目だけがそれを定めます。',
}
