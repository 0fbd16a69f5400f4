/**
 * The demo partnership: the Honda–Nissan EV alliance as announced (in our own words).
 * Pure data, so tests and the UI can refer to it by code.
 */
import type { CharterKind, ScreeningTerms } from '../../shared/charter'
import type { EscalationProcedure } from '../../shared/escalation'
import type { Role } from '../../shared/roles'

export const DEMO_PARTNERSHIP = {
  slug: 'honda-nissan-ev',
  name: 'Honda–Nissan EV Partnership',
  description:
    'Honda and Nissan cooperate on electric vehicles as two independent companies: they pool work on ' +
    'automotive software, share and jointly buy batteries, and build products that complement each ' +
    'other, without merging their capital. A joint feasibility study group looks at where pooling pays off.',
}

export const DEMO_PARTIES = [
  { code: 'HONDA', name: 'Honda Motor Co., Ltd.', nameJa: '本田技研工業株式会社' },
  { code: 'NISSAN', name: 'Nissan Motor Co., Ltd.', nameJa: '日産自動車株式会社' },
] as const

interface DemoCharterItem {
  code: string
  kind: CharterKind
  title: string
  statement: string
  titleJa: string
  statementJa: string
  terms?: ScreeningTerms
  /** a `procedure` item's escalation ladder (ADR 0032) */
  procedure?: EscalationProcedure
}

export const DEMO_CHARTER: DemoCharterItem[] = [
  {
    code: 'OBJ-1',
    kind: 'objective',
    title: 'Economies of scale',
    statement:
      'Combine volumes so that both companies buy and build EV components at a scale neither reaches alone.',
    titleJa: '規模の経済',
    statementJa: '両社の数量を合わせ、どちらか一社では届かない規模でEV部品を調達・生産する。',
  },
  {
    code: 'OBJ-2',
    kind: 'objective',
    title: 'Share the investment burden',
    statement:
      'Split the heavy cost of developing EV technology instead of each company carrying all of it.',
    titleJa: '開発投資の負担を分け合う',
    statementJa: 'EV技術の開発にかかる多額の費用を、各社が単独で抱えるのではなく分担する。',
  },
  {
    code: 'OBJ-3',
    kind: 'objective',
    title: 'Electrify faster',
    statement:
      'Bring electric models into both line-ups sooner than either company could on its own.',
    titleJa: '電動化を加速する',
    statementJa: '一社で進めるよりも早く、両社のラインアップに電動車を投入する。',
  },
  {
    code: 'OBJ-4',
    kind: 'objective',
    title: 'Affordable EVs',
    statement:
      'Cut production cost so that electric vehicles reach more buyers, and rethink the business model to stay competitive.',
    titleJa: '手の届くEV',
    statementJa:
      '生産コストを下げて電動車をより多くの顧客に届け、競争力を保つためにビジネスモデルも見直す。',
  },
  {
    code: 'AREA-1',
    kind: 'area',
    title: 'Automotive software',
    statement: 'Develop vehicle software, including software platforms, together.',
    titleJa: '車載ソフトウェア',
    statementJa: 'ソフトウェアプラットフォームを含む車載ソフトウェアを共同で開発する。',
  },
  {
    code: 'AREA-2',
    kind: 'area',
    title: 'Battery sharing and joint procurement',
    statement: 'Share EV batteries and buy batteries and other core EV components together.',
    titleJa: 'バッテリーの共有と共同調達',
    statementJa: 'EV用バッテリーを共有し、バッテリーをはじめとするEVの基幹部品を共同で調達する。',
  },
  {
    code: 'AREA-3',
    kind: 'area',
    title: 'Mutually complementary products',
    statement: "Use each company's strengths to build products that complement the other's range.",
    titleJa: '相互補完する商品',
    statementJa: '各社の強みを生かし、相手のラインアップを補完する商品をつくる。',
  },
  {
    code: 'CON-1',
    kind: 'constraint',
    title: 'No capital merger',
    statement:
      'The cooperation stays strategic: neither company takes a stake in the other, swaps shares or merges capital. Only a charter amendment can change this.',
    titleJa: '資本提携は行わない',
    statementJa:
      '協業は戦略的なものにとどめ、相手への出資、株式交換、資本の統合は行わない。これを変えられるのは憲章の改定だけである。',
    terms: {
      en: [
        'equity',
        'equity stake',
        'share swap',
        'stock swap',
        'merger',
        'capital tie-up',
        'cross-shareholding',
        'acquisition',
      ],
      ja: ['資本提携', '株式交換', '経営統合', '合併', '出資', '株式の持ち合い', '買収'],
    },
  },
  {
    code: 'ST-1',
    kind: 'stance',
    title: 'No product sharing or rebadging for now',
    statement:
      "For now neither company sells the other's vehicles under its own badge or shares vehicle models. This stance may change; a decision that goes against it needs both partnership leads.",
    titleJa: '当面、車両の相互供給やOEM供給は行わない',
    statementJa:
      '当面、相手の車両を自社ブランドで販売することも、車種を共有することもしない。この方針は変わりうる。これに反する決定には両社のパートナーシップ責任者の承認が必要である。',
    terms: {
      en: [
        'rebadge',
        'rebadging',
        'rebadged',
        'badge engineering',
        'OEM supply',
        'product sharing',
        'shared model',
      ],
      ja: ['OEM供給', 'バッジエンジニアリング', '車両の相互供給', '相互OEM', '車種の共有'],
    },
  },
  {
    code: 'MKT-1',
    kind: 'market',
    title: 'North America',
    statement:
      'The cooperation may apply to products and procurement for the North American market.',
    titleJa: '北米',
    statementJa: '北米市場向けの商品と調達に協業を適用できる。',
  },
  {
    code: 'MKT-2',
    kind: 'market',
    title: 'Europe',
    statement: 'The cooperation may apply to products and procurement for the European market.',
    titleJa: '欧州',
    statementJa: '欧州市場向けの商品と調達に協業を適用できる。',
  },
  // The escalation ladder (ADR 0032): what happens when the two companies deadlock.
  {
    code: 'PROC-1',
    kind: 'procedure',
    title: 'Escalation ladder',
    statement:
      'When one party rejects a proposal, or a proposal is still open 5 business days after its decide-by date on both companies’ calendars, a partnership lead may escalate it to the steering committee. After a cooling-off of 5 business days on both calendars without a reopened revision, it goes to the executives of both companies.',
    titleJa: 'エスカレーション手順',
    statementJa:
      '一方の当事者が提案を却下した場合、または両社の営業日カレンダーで決定期限から5営業日を過ぎても提案が未決の場合、パートナーシップ責任者は運営委員会にエスカレーションできる。両社のカレンダーで5営業日の冷却期間内に改訂版で再開されなければ、両社の経営陣に上げる。',
    procedure: {
      overdueBusinessDays: 5,
      steps: [
        { trigger: 'deadlock', body: 'steering_committee', coolingOffBusinessDays: 5 },
        { trigger: 'cooling_off_ended', body: 'executives', coolingOffBusinessDays: 10 },
      ],
    },
  },
]

export const DEMO_WORKSTREAMS = [
  {
    code: 'WS-BAT',
    name: 'Joint battery procurement',
    description:
      'Feasibility study: can the two companies buy EV batteries and other core components together, and share battery designs, to lower cost per vehicle?',
    nameJa: 'バッテリー共同調達',
    descriptionJa:
      'フィージビリティスタディ：両社でEV用バッテリーやその他の基幹部品を共同で調達し、バッテリーの設計を共有して、1台あたりのコストを下げられるか。',
    status: 'active' as const,
    links: ['AREA-2', 'OBJ-1', 'OBJ-4', 'MKT-1', 'MKT-2'],
  },
  {
    code: 'WS-SW',
    name: 'Shared software platform',
    description:
      'Feasibility study: a common automotive software platform that both companies build on, sharing the investment.',
    nameJa: '共通ソフトウェアプラットフォーム',
    descriptionJa:
      'フィージビリティスタディ：両社がその上に開発を進める共通の車載ソフトウェアプラットフォームを、投資を分け合ってつくる。',
    status: 'active' as const,
    links: ['AREA-1', 'OBJ-2', 'OBJ-3', 'MKT-1', 'MKT-2'],
  },
  {
    code: 'WS-PROD',
    name: 'Complementary products',
    description:
      "Where could each company's products fill a gap in the other's line-up, without sharing or rebadging vehicles?",
    nameJa: '相互補完する商品',
    descriptionJa:
      '車両の相互供給やOEM供給をせずに、各社の商品が相手のラインアップの空白をどこで埋められるか。',
    status: 'proposed' as const,
    links: ['AREA-3', 'OBJ-3'],
  },
]

export interface DemoAccount {
  email: string
  name: string
  party: 'HONDA' | 'NISSAN' | null
  roles: Role[]
  /** workstream code → role there */
  workstreams: Record<string, 'lead' | 'member'>
  locale: 'en' | 'ja'
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: 'lead@honda.example',
    name: 'Takeshi Mori',
    party: 'HONDA',
    roles: ['member', 'partnership_lead'],
    workstreams: {},
    locale: 'ja',
  },
  {
    email: 'battery.lead@honda.example',
    name: 'Kenji Watanabe',
    party: 'HONDA',
    roles: ['member', 'workstream_lead'],
    workstreams: { 'WS-BAT': 'lead' },
    locale: 'en',
  },
  {
    email: 'software.lead@honda.example',
    name: 'Aiko Ito',
    party: 'HONDA',
    roles: ['member', 'workstream_lead'],
    workstreams: { 'WS-SW': 'lead', 'WS-PROD': 'lead' },
    locale: 'en',
  },
  {
    email: 'member@honda.example',
    name: 'Haruka Sato',
    party: 'HONDA',
    roles: ['member'],
    workstreams: { 'WS-BAT': 'member', 'WS-SW': 'member' },
    locale: 'en',
  },
  {
    email: 'engineer@honda.example',
    name: 'Ryo Tanaka',
    party: 'HONDA',
    roles: ['member'],
    workstreams: { 'WS-BAT': 'member', 'WS-PROD': 'member' },
    locale: 'en',
  },
  {
    email: 'auditor@honda.example',
    name: 'Yumi Kato',
    party: 'HONDA',
    roles: ['auditor'],
    workstreams: {},
    locale: 'en',
  },
  {
    email: 'admin@honda.example',
    name: 'Daisuke Ono',
    party: 'HONDA',
    roles: ['admin'],
    workstreams: {},
    locale: 'en',
  },
  {
    email: 'lead@nissan.example',
    name: 'Rina Nakamura',
    party: 'NISSAN',
    roles: ['member', 'partnership_lead'],
    workstreams: {},
    locale: 'en',
  },
  {
    email: 'battery.lead@nissan.example',
    name: 'Emi Kobayashi',
    party: 'NISSAN',
    roles: ['member', 'workstream_lead'],
    workstreams: { 'WS-BAT': 'lead' },
    locale: 'en',
  },
  {
    email: 'software.lead@nissan.example',
    name: 'Shota Yamada',
    party: 'NISSAN',
    roles: ['member', 'workstream_lead'],
    workstreams: { 'WS-SW': 'lead', 'WS-PROD': 'lead' },
    locale: 'en',
  },
  {
    email: 'member@nissan.example',
    name: 'Naoki Fujita',
    party: 'NISSAN',
    roles: ['member'],
    workstreams: { 'WS-BAT': 'member', 'WS-SW': 'member' },
    locale: 'en',
  },
  {
    email: 'engineer@nissan.example',
    name: 'Mei Suzuki',
    party: 'NISSAN',
    roles: ['member'],
    workstreams: { 'WS-BAT': 'member', 'WS-PROD': 'member' },
    locale: 'en',
  },
  {
    email: 'auditor@nissan.example',
    name: 'Kazuo Hayashi',
    party: 'NISSAN',
    roles: ['auditor'],
    workstreams: {},
    locale: 'en',
  },
  {
    email: 'admin@nissan.example',
    name: 'Mika Shimizu',
    party: 'NISSAN',
    roles: ['admin'],
    workstreams: {},
    locale: 'en',
  },
  {
    email: 'auditor@external-audit.example',
    name: 'Clara Jensen',
    party: null,
    roles: ['auditor'],
    workstreams: {},
    locale: 'en',
  },
]
