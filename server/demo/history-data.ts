/**
 * The demo partnership's first year, as the people of both companies lived it (drawn from the
 * announcement, in our own words). Pure data: `history.ts` plays it through the domain code.
 *
 * Days count from the day the partnership was set up (HISTORY_DAYS before the first start); a
 * story's steps count from the story's own `start`, and a fraction of a day is an hour of a
 * working day in Tokyo. Decide-by dates count from the partnership's first day too.
 */
import type { CharterKind, ScreeningTerms } from '../../shared/charter'

import type { ReviewPosition } from '../../shared/positions'

export const HISTORY_DAYS = 365

const HL = 'lead@honda.example' // Takeshi Mori, partnership lead, writes Japanese
const HB = 'battery.lead@honda.example' // Kenji Watanabe
const HS = 'software.lead@honda.example' // Aiko Ito
const HM = 'member@honda.example' // Haruka Sato
const HE = 'engineer@honda.example' // Ryo Tanaka
const NL = 'lead@nissan.example' // Rina Nakamura, partnership lead
const NB = 'battery.lead@nissan.example' // Emi Kobayashi
const NS = 'software.lead@nissan.example' // Shota Yamada
const NM = 'member@nissan.example' // Naoki Fujita
const NE = 'engineer@nissan.example' // Mei Suzuki

export type DemoAmendmentChange =
  | {
      op: 'add'
      kind: CharterKind
      code: string
      title: string
      statement: string
      titleJa: string
      statementJa: string
      screeningTerms?: ScreeningTerms
    }
  | {
      op: 'change'
      code: string
      title?: string
      statement?: string
      titleJa?: string
      statementJa?: string
    }
  | { op: 'retire'; code: string }

export interface StoryText {
  title: string
  body: string
  workstream: 'WS-BAT' | 'WS-SW' | 'WS-PROD'
  /** charter codes */
  links: string[]
  /** charter code → how the proposal touches it; every other constraint and stance: none */
  touches?: Record<string, string>
  /** keys of the stories whose decisions this one supersedes */
  supersedes?: string[]
  amendment?: DemoAmendmentChange[]
  /** day of the partnership's life */
  decideBy?: number
}

type Email = string
type Visibility = 'joint' | 'internal'

/** A demo concern's grounds and what would resolve it (ADR 0031). */
export interface DemoGrounds {
  kind: 'charter_item' | 'policy_clause' | 'other'
  ref?: string
  text?: string
  resolvesWhen: string
}

export type StoryStep =
  | [number, 'create']
  | [number, 'edit', Partial<StoryText>]
  | [number, 'submit']
  | [number, 'revise', string, Partial<StoryText>]
  | [number, 'review', Email, ReviewPosition, string]
  // positions and recusal (ADR 0029): a conflict of interest, with its reason
  | [number, 'recuse', Email, string]
  | [number, 'comment', Email, string, Visibility?]
  | [number, 'concern', Email, string, string, string, DemoGrounds]
  | [number, 'resolve', Email, string, string]
  | [number, 'sign', Email, string?, Email?]
  /** delegation (ADR 0030): lead, delegate, the party's second person who approves, reason, days */
  | [number, 'delegate', Email, Email, Email, string, number]
  | [number, 'reject', Email, string]
  | [number, 'withdraw', Email, string]
  | [number, 'reviewers', Email, Email[]]
  // the escalation ladder (ADR 0032): a partnership lead takes a deadlock to the steering committee
  | [number, 'escalate', Email]

export interface Story {
  key: string
  type?: 'decision' | 'amendment'
  author: Email
  reviewers: Email[]
  /** day of the partnership's life the story begins */
  start: number
  text: StoryText
  steps: StoryStep[]
}

const ST1_FLEET =
  'Each vehicle keeps its own badge and is sold and serviced by its own maker; the offer only puts both ranges on one quote. That comes close to product sharing, so both partnership leads sign.'

export const HISTORY: Story[] = [
  // ── Month 1: the feasibility study groups set their scope ──────────────────────────────────
  {
    key: 'bat-scope',
    author: HB,
    reviewers: [HM, NB],
    start: 6,
    text: {
      title: 'Scope of the battery study: LFP cells for North American models',
      body: 'The joint battery feasibility study starts narrow:\n\n- lithium iron phosphate (LFP) cells only;\n- models built for North America from 2027;\n- volumes, cell formats and supplier options, no vehicle work.\n\nWe report back to the steering committee after six months.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-1', 'MKT-1'],
      decideBy: 30,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [
        2.3,
        'comment',
        NM,
        'Agreed on LFP first. Can we note that NMC is only postponed, not ruled out?',
      ],
      [2.6, 'comment', HB, 'Yes — the six-month report will say whether to widen it.'],
      [3, 'review', NB, 'approve', 'A clear, narrow start. Good.'],
      [3.4, 'review', HM, 'no_objection', ''],
      [4.2, 'sign', HL, '範囲を絞った開始に賛成します。'],
      [5.1, 'sign', NB],
    ],
  },
  {
    key: 'sw-scope',
    author: HS,
    reviewers: [HM, NS],
    start: 8,
    text: {
      title: 'Scope of the software study: a shared vehicle OS foundation',
      body: 'The software feasibility study looks at one foundation layer both companies could build on: operating system, middleware, update and security services.\n\nOut of scope: the user interface and apps, which stay with each brand.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-2', 'OBJ-3'],
      decideBy: 35,
    },
    steps: [
      [0, 'create'],
      [0.5, 'submit'],
      [
        2,
        'comment',
        NS,
        'Keeping the user interface out of scope is right: each brand needs its own face.',
      ],
      [3.2, 'review', NS, 'approve', 'Agreed as written.'],
      [4, 'review', HM, 'approve', 'OK for Honda.'],
      [6, 'sign', HL],
      [6.5, 'sign', NS],
    ],
  },
  {
    key: 'bat-clean-team',
    author: NM,
    reviewers: [HB, NE],
    start: 11,
    text: {
      title: 'Clean-team rules for sharing price and volume data',
      body: 'Both companies are competitors outside this partnership. Supplier prices and model volumes are shared only inside a clean team of named people, who sign a confidentiality undertaking and do not take part in pricing of vehicles.',
      workstream: 'WS-BAT',
      links: ['AREA-2'],
      decideBy: 40,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [
        2,
        'comment',
        HB,
        '法務に確認済み。保管場所の指定がないので修正依頼を出します。',
        'internal',
      ],
      [
        2.2,
        'review',
        HB,
        'request_changes',
        'Please say where the shared data is kept and who may open it.',
      ],
      [
        4,
        'revise',
        'Named the data room and who holds its keys',
        {
          body: "Both companies are competitors outside this partnership. Supplier prices and model volumes are shared only inside a clean team of named people, who sign a confidentiality undertaking and do not take part in pricing of vehicles.\n\nThe data sits in one data room run by the study's project office; each company's legal team holds a key and sees the access log.",
        },
      ],
      [5, 'review', HB, 'approve', 'Thank you, this works for us.'],
      [5.3, 'review', NE, 'approve', ''],
      [7, 'sign', HB],
      [7.4, 'sign', NB],
    ],
  },
  // ── Months 2–3: data pooled, first technical choices ──────────────────────────────────────
  {
    key: 'bat-demand-pool',
    author: HM,
    reviewers: [HE, NM],
    start: 26,
    text: {
      title: 'Pool the 2027–2029 cell demand forecasts in the clean team',
      body: 'Each company puts its cell demand per plant and year into the clean-team data room, so the study can size a joint order. Forecasts are refreshed every quarter.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-1', 'MKT-1'],
      decideBy: 50,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'comment', NE, 'Nissan can provide plant-level numbers for Smyrna and Canton.'],
      [3, 'review', NM, 'approve', 'Good. Quarterly is the right rhythm.'],
      [4, 'review', HE, 'approve', ''],
      [5, 'comment', NB, '予測値の粒度は工場×年で十分です。', 'internal'],
      [6, 'sign', HB],
      [9, 'sign', NB],
    ],
  },
  {
    key: 'bat-cell-spec',
    author: NE,
    reviewers: [HE, NM],
    start: 41,
    text: {
      title: 'One LFP cell format family for both companies',
      body: 'Align on prismatic LFP cells in one size family (two lengths, one height), so both companies can order from the same production line.\n\nPack design stays with each company.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-1', 'OBJ-4'],
      decideBy: 75,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [
        3,
        'concern',
        HE,
        'thermal',
        'Thermal tests not aligned',
        "Our abuse tests run hotter than Nissan's. Agreeing on one format before one test protocol exists would let each of us reject the other's cells later.",
        {
          kind: 'charter_item',
          ref: 'AREA-2',
          resolvesWhen: 'A common abuse-test protocol is agreed before the format is fixed.',
        },
      ],
      [3.2, 'comment', HE, '熱試験の条件差は大きいので、懸念として出しました。', 'internal'],
      [5, 'comment', NE, 'Fair point. We propose to add the common test protocol as a condition.'],
      [
        7,
        'revise',
        'Adds one joint abuse-test protocol as a condition',
        {
          body: 'Align on prismatic LFP cells in one size family (two lengths, one height), so both companies can order from the same production line.\n\nCondition: one joint abuse-test protocol (the stricter of the two for each test) applies to every cell of the family.\n\nPack design stays with each company.',
        },
      ],
      [
        8,
        'resolve',
        HE,
        'thermal',
        'The joint protocol takes the stricter test each time. Resolved.',
      ],
      [9, 'review', HE, 'approve', 'With the protocol, yes.'],
      [9.5, 'review', NM, 'approve', ''],
      [12, 'sign', NB],
      [13, 'sign', HB],
    ],
  },
  {
    key: 'sw-api-09',
    author: NS,
    reviewers: [HS, NM],
    start: 46,
    text: {
      title: 'Use the common vehicle API draft 0.9 for prototypes',
      body: 'Prototype software of both companies talks to the vehicle through one API (draft 0.9: body, powertrain, charging, diagnostics). Draft only: a 1.0 follows once prototypes have run for a season.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-2'],
      decideBy: 80,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', HS, 'approve', 'Fine as a draft for prototypes.'],
      [4, 'review', NM, 'approve', ''],
      [6, 'sign', HS],
      [6.2, 'sign', NL],
    ],
  },
  {
    key: 'prod-gap',
    author: HE,
    reviewers: [HS, NE],
    start: 52,
    text: {
      title: 'Line-up gap analysis: where each range is thin',
      body: 'A side-by-side of both EV line-ups in North America and Europe, by segment and price band, to find where one company is strong and the other is absent.\n\nOutput: a list of segments where complementary products make sense. No vehicle changes hands.',
      workstream: 'WS-PROD',
      links: ['AREA-3', 'OBJ-3', 'MKT-1', 'MKT-2'],
      decideBy: 90,
    },
    steps: [
      [0, 'create'],
      [2, 'submit'],
      [4, 'comment', NE, 'Please add the light commercial segment in Europe.'],
      [5, 'comment', HE, 'Added to the analysis plan.'],
      [6, 'review', NE, 'approve', ''],
      [6.5, 'review', HS, 'approve', ''],
      [9, 'sign', NS],
      [10, 'sign', HL, 'ラインアップの比較は有益です。'],
    ],
  },
  {
    key: 'sw-ota',
    author: NM,
    reviewers: [HS, NS],
    start: 61,
    text: {
      title: 'One over-the-air update backend for both prototype fleets',
      body: 'Run one OTA backend for the prototype fleets of both companies, hosted by the project office, to share its running cost.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-2'],
      decideBy: 95,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [
        2,
        'concern',
        HS,
        'keys',
        'Signing keys must stay with each company',
        "If one backend signs updates for both fleets, either company could push software to the other's cars. Each company must hold its own signing keys.",
        {
          kind: 'other',
          text: "Each company's control over the software in its own cars",
          resolvesWhen: 'The text says each company holds its own signing keys.',
        },
      ],
      [2.2, 'comment', HM, '伊藤さんの懸念に同意。鍵は各社管理が前提です。', 'internal'],
      [3, 'comment', NS, 'We agree; it was meant that way but the text does not say it.', 'joint'],
      [
        3.3,
        'comment',
        NS,
        'Fujita-san, please revise quickly: Honda will not move without it.',
        'internal',
      ],
      [
        4,
        'revise',
        'Each company keeps its own signing keys',
        {
          title: 'One over-the-air update backend, separate signing keys per company',
          body: 'Run one OTA backend for the prototype fleets of both companies, hosted by the project office, to share its running cost.\n\nEach company signs its own updates with its own keys, held in its own hardware security module; the backend only distributes what a company signed.',
        },
      ],
      [5, 'resolve', HS, 'keys', 'The revision says exactly this.'],
      [5.5, 'review', HS, 'approve', ''],
      [6, 'review', NS, 'approve', ''],
      [8, 'sign', HS],
      [9, 'sign', NL],
    ],
  },
  {
    key: 'bat-test-lab',
    author: HE,
    reviewers: [NE, HM],
    start: 72,
    text: {
      title: "Validate cells in each company's own lab, and share the results",
      body: 'Instead of building a joint lab, each company tests the cell samples in its own laboratory under the joint protocol and shares results in the data room. Saves a year and the cost of a new building.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-2'],
      decideBy: 100,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'review', NE, 'approve', 'Sensible.'],
      [2.5, 'review', HM, 'approve', ''],
      [3, 'sign', NB],
      [4, 'sign', HB],
    ],
  },
  {
    key: 'sw-cadence',
    author: HS,
    reviewers: [NS, HM],
    start: 76,
    text: {
      title: 'Platform release cadence: two releases a year',
      body: 'The shared foundation ships two releases a year (spring and autumn). Each company decides when its models take a release.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-3'],
      decideBy: 110,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', NS, 'approve', 'Two a year is realistic for now.'],
      [3.4, 'review', HM, 'approve', ''],
      [5, 'sign', NS],
      [5.2, 'sign', HL],
    ],
  },
  // ── Month 4: the first charter amendment ──────────────────────────────────────────────────
  {
    key: 'sw-middleware',
    author: HS,
    reviewers: [NS, NM, HM],
    start: 92,
    text: {
      title: 'One middleware supplier for both prototype fleets',
      body: 'Run a joint selection of the middleware supplier for the foundation layer; one contract, two licences.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-1', 'OBJ-2'],
      decideBy: 130,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [
        3,
        'review',
        NS,
        'request_changes',
        'Please state the selection criteria and who scores the bids.',
      ],
      [3.1, 'comment', NS, 'Criteria are missing; we cannot sign a blank cheque.', 'internal'],
      [
        6,
        'revise',
        'Criteria and a joint scoring panel',
        {
          body: 'Run a joint selection of the middleware supplier for the foundation layer; one contract, two licences.\n\nCriteria: safety certification (ISO 26262 ASIL B), security track record, licence cost over ten years, support in Japan, the US and Europe.\n\nA panel of two engineers from each company scores the bids; ties go to the steering committee.',
        },
      ],
      [8, 'review', NS, 'approve', 'Clear now.'],
      [
        8.1,
        'review',
        NM,
        'abstain',
        'Until last year I worked for one of the bidding middleware suppliers; I leave the choice to Yamada-san.',
      ],
      [8.2, 'review', HM, 'approve', ''],
      [11, 'sign', NS],
      [15, 'sign', HL, '中立的な評価体制で良いと思います。'],
    ],
  },
  {
    key: 'am-1',
    type: 'amendment',
    author: HS,
    reviewers: [HB, HM, NS, NB],
    start: 100,
    text: {
      title: 'Clarify that sharing components is not product sharing',
      body: "The stance ST-1 says neither company sells the other's vehicles under its own badge. Working groups asked whether a jointly bought cell or a shared software foundation counts as product sharing. It does not: this amendment says so in the stance itself. The stance stays as it is for vehicles.",
      workstream: 'WS-SW',
      links: ['AREA-1', 'AREA-2'],
      touches: {
        'ST-1':
          'Rewords the stance to say that components and software are outside it; for vehicles it is unchanged.',
      },
      amendment: [
        {
          op: 'change',
          code: 'ST-1',
          statement:
            "For now neither company sells the other's vehicles under its own badge or shares vehicle models. Components bought or developed together (battery cells, software platforms) are not product sharing. This stance may change; a decision that goes against it needs both partnership leads.",
          statementJa:
            '当面、相手の車両を自社ブランドで販売することも、車種を共有することもしない。共同で調達・開発する部品（バッテリーセル、ソフトウェアプラットフォーム）は車両の相互供給にあたらない。この方針は変わりうる。これに反する決定には両社のパートナーシップ責任者の承認が必要である。',
        },
      ],
      decideBy: 135,
    },
    steps: [
      [0, 'create'],
      [2, 'submit'],
      [4, 'comment', HL, '構成部品とソフトウェアを明確に除外する趣旨に賛成です。'],
      [
        5,
        'concern',
        NE,
        'wording',
        '"Developed together" is too broad',
        'Read literally, a vehicle platform developed together would also fall outside the stance. Limit it to components and software.',
        {
          kind: 'charter_item',
          ref: 'ST-1',
          resolvesWhen: 'The exception names components and software only, not vehicle platforms.',
        },
      ],
      [6, 'comment', NS, 'Suzuki-san is right; the wording needs to be tighter.', 'internal'],
      [
        8,
        'revise',
        'Limits the wording to cells and software, not vehicle platforms',
        {
          amendment: [
            {
              op: 'change',
              code: 'ST-1',
              statement:
                "For now neither company sells the other's vehicles under its own badge or shares vehicle models. Battery cells and software bought or developed together are components, not product sharing; vehicle platforms are not covered by this exception. This stance may change; a decision that goes against it needs both partnership leads.",
              statementJa:
                '当面、相手の車両を自社ブランドで販売することも、車種を共有することもしない。共同で調達・開発するバッテリーセルとソフトウェアは部品であり、車両の相互供給にはあたらない。車両プラットフォームはこの例外に含まれない。この方針は変わりうる。これに反する決定には両社のパートナーシップ責任者の承認が必要である。',
            },
          ],
        },
      ],
      [9, 'resolve', NE, 'wording', 'The exception is now limited to cells and software.'],
      [10, 'review', HB, 'approve', ''],
      [10.3, 'review', HM, 'approve', ''],
      [11, 'review', NS, 'approve', 'Good wording.'],
      [11.4, 'review', NB, 'approve', ''],
      [14, 'sign', NL, 'Nissan agrees to the clarified stance.'],
      [16, 'sign', HL, 'ホンダとして承認します。'],
    ],
  },
  {
    key: 'sw-security',
    author: NS,
    reviewers: [HS, NM],
    start: 108,
    text: {
      title: 'One cybersecurity management process for the shared foundation',
      body: 'The shared foundation gets one cybersecurity management process (threat analysis, vulnerability handling, incident response) that both companies reference in their own UN R155 type approvals.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'MKT-2'],
      decideBy: 140,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [
        3,
        'comment',
        HS,
        "Honda's approval team would like to see the incident-response part before signing.",
      ],
      [5, 'comment', NS, 'Shared in the data room under "CSMS draft".'],
      [6, 'review', HS, 'approve', 'Read the draft: fine.'],
      [6.5, 'review', NM, 'approve', ''],
      [9, 'sign', HS],
      [10, 'sign', NL],
    ],
  },
  {
    key: 'bat-forecast-q',
    author: NM,
    reviewers: [HM, NE],
    start: 121,
    text: {
      title: 'Quarterly demand refresh: first results and a steering summary',
      body: 'The first quarterly refresh of pooled cell demand is in: together, the two companies need about 1.6 times the volume either needs alone in 2028. The study recommends preparing a joint tender.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-1', 'MKT-1'],
      decideBy: 145,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'review', HM, 'approve', ''],
      [2.5, 'review', NE, 'approve', ''],
      [4, 'sign', HB],
      [4.5, 'sign', NB],
    ],
  },
  {
    key: 'sw-hmi',
    author: NS,
    reviewers: [HS, NM],
    start: 128,
    text: {
      title: 'A common infotainment look and feel',
      body: "Use one set of screen layouts and controls for both brands' infotainment, to save design and test work.",
      workstream: 'WS-SW',
      links: ['AREA-1'],
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [
        3,
        'review',
        HS,
        'request_changes',
        'The study scope keeps the user interface with each brand. Please explain how this fits, or narrow it to shared components below the screens.',
      ],
      [3.3, 'comment', HS, 'UIは各ブランドの顔。ここは譲れない。', 'internal'],
      [6, 'comment', NM, 'Our brand team agrees with Honda on this one.', 'internal'],
      [
        8,
        'withdraw',
        NS,
        'Each brand keeps its own interface; we keep the shared work below it, as the scope says.',
      ],
    ],
  },
  // ── Months 5–6: the joint tender and the first "no" ───────────────────────────────────────
  {
    key: 'bat-tender-na',
    author: NB,
    reviewers: [HM, NM],
    start: 140,
    text: {
      title: 'One joint tender for LFP cells for the North American plants',
      body: 'Run one tender for LFP cells for the 2028–2030 North American models of both companies, on the pooled forecast. Each company signs its own supply contract on the terms the tender reaches.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-1', 'OBJ-4', 'MKT-1'],
      decideBy: 175,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [
        2,
        'comment',
        HB,
        'This is the proposal the study was set up for. Thank you, Kobayashi-san.',
      ],
      [3, 'review', HM, 'approve', ''],
      [3.5, 'review', NM, 'approve', 'Nissan supports.'],
      [
        4,
        'concern',
        HE,
        'ohio',
        'Ohio volumes not final',
        "Honda's Ohio EV hub volumes for 2029 are still under review. Committing them now could oblige us to take cells we cannot use.",
        {
          kind: 'other',
          text: "Honda's 2029 volume planning for the Ohio EV hub",
          resolvesWhen: 'The 2029 Ohio volumes are an option, not a commitment.',
        },
      ],
      [4.3, 'comment', HE, 'オハイオの2029年数量は未確定。社内で確認が必要。', 'internal'],
      [5, 'comment', HL, '数量は上限ではなく見込みとして扱う条件で進めたい。', 'internal'],
      [6, 'comment', NB, 'The tender can treat 2029 as an option volume. Would that help?'],
      [
        7,
        'resolve',
        HL,
        'ohio',
        'Steering decision for Honda: 2029 Ohio volumes go in as option volumes, not commitments. Resolved on behalf of Honda.',
      ],
      [
        7.5,
        'recuse',
        HB,
        "Honda's battery module unit, which I also lead, is preparing a bid as a pack assembler in this tender. I step aside; Mori-san signs for Honda.",
      ],
      [8, 'sign', NL, 'Nissan signs with the 2029 Ohio volumes as options.'],
      [11, 'sign', HL, '共同入札に賛成します。2029年のオハイオ数量はオプションとして扱います。'],
    ],
  },
  {
    key: 'sw-data-sharing',
    author: HM,
    reviewers: [NS, HS],
    start: 150,
    text: {
      title: 'Pool connected-car driving data to train driver assistance',
      body: 'Put anonymised driving data of both fleets into one pool for training driver-assistance functions, to reach useful volumes sooner.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-2', 'MKT-1', 'MKT-2'],
      decideBy: 180,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', HS, 'approve', 'Worth it, if legal agrees.'],
      [4, 'comment', NS, 'Our privacy office has doubts about the European side.'],
      [
        5,
        'review',
        NS,
        'request_changes',
        'Please add a data protection impact assessment for Europe and the US states.',
      ],
      [5.2, 'comment', NL, 'Not now. Too early for personal data.', 'internal'],
      [
        9,
        'reject',
        NL,
        'Pooling driving data of customers needs a data protection study first, in each market. Nissan will support a new proposal once that study exists.',
      ],
    ],
  },
  {
    key: 'prod-segments',
    author: NS,
    reviewers: [HS, NE],
    start: 156,
    text: {
      title: 'Complementary segments in Europe: who leads where',
      body: "From the gap analysis: Nissan's range is strong in small crossovers, Honda's in compact hatchbacks and mid-size SUVs. Each company concentrates its new EV launches in Europe on its strong segments and does not plan overlapping launches without telling the other first.\n\nEach company still builds, badges and sells only its own vehicles.",
      workstream: 'WS-PROD',
      links: ['AREA-3', 'OBJ-3', 'MKT-2'],
      decideBy: 190,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [
        3,
        'comment',
        HS,
        'Competition law check done on our side: informing is fine, agreeing on prices would not be, and this does not.',
      ],
      [4, 'review', HS, 'approve', ''],
      [4.5, 'review', NE, 'approve', ''],
      [7, 'sign', HS],
      [8, 'sign', NL],
    ],
  },
  {
    key: 'bat-recycling',
    author: NE,
    reviewers: [HE, NM],
    start: 160,
    text: {
      title: 'A joint battery recycling plant in Ohio',
      body: 'Build one recycling plant for end-of-life packs of both companies near the Ohio hub, run by a new company both would own.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-2', 'MKT-1'],
      decideBy: 200,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'comment', HE, 'Interesting, but a company owned by both is a big step.'],
      [2.2, 'comment', HB, '共同所有の会社は憲章の制約に抵触しかねない。慎重に。', 'internal'],
      [
        4,
        'review',
        HE,
        'request_changes',
        'Please look at contracting an existing recycler instead of a new company.',
      ],
      [
        8,
        'reject',
        HL,
        'A plant owned by both companies is beyond a strategic cooperation as the charter defines it. Honda will look at a proposal to contract existing recyclers together.',
      ],
    ],
  },
  {
    key: 'bat-supplier-shortlist',
    author: HB,
    reviewers: [NB, HE],
    start: 176,
    text: {
      title: 'Shortlist of three LFP cell suppliers for the tender',
      body: 'Of the seven suppliers who answered the request for information, three meet the joint test protocol and can supply from North American plants by 2028. They are invited to the tender.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'MKT-1'],
      decideBy: 200,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'review', NB, 'approve', "Agreed with the panel's scoring."],
      [2.4, 'review', HE, 'approve', ''],
      [3, 'sign', NB],
      [3.2, 'sign', HL],
    ],
  },
  {
    key: 'bat-price-index',
    author: HM,
    reviewers: [NM, HE],
    start: 184,
    text: {
      title: 'Index cell prices to lithium carbonate',
      body: "Tie the tender's cell price to a published lithium carbonate index, reviewed each quarter.",
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-4'],
      decideBy: 215,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [
        3,
        'comment',
        NM,
        'The tender documents already carry a price clause. Is this still needed?',
      ],
      [5, 'withdraw', HM, "The tender's own price clause covers it; withdrawn to avoid two rules."],
    ],
  },
  {
    key: 'prod-rebadge',
    author: NE,
    reviewers: [HE, NS],
    start: 190,
    text: {
      title: 'Sell a Nissan electric van under the Honda badge in Europe',
      body: 'Honda has no electric van in Europe; Nissan has one. Proposal: supply it to Honda to sell as a Honda van, a classic rebadge.',
      workstream: 'WS-PROD',
      links: ['AREA-3', 'MKT-2'],
      touches: {
        'ST-1':
          'This is rebadging, which the stance rules out for now. Filed to get a recorded answer from both partnership leads.',
      },
      decideBy: 220,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'comment', HE, 'Honda dealers in Europe have asked for a van for years.'],
      [2.4, 'comment', HS, 'スタンス変更なしでは無理。リーダー判断へ。', 'internal'],
      [3, 'review', HE, 'approve', 'Makes commercial sense.'],
      [4, 'review', NS, 'approve', ''],
      [6, 'comment', NL, 'Nissan would sign if Honda wants it.', 'internal'],
      [
        9,
        'reject',
        HL,
        '現時点ではスタンス（ST-1）を維持します。ラインアップ検討の結論が出た後に改めて議論しましょう。',
      ],
    ],
  },
  {
    key: 'prod-showcase',
    author: NE,
    reviewers: [HE, NS],
    start: 205,
    text: {
      title: 'A shared stand at a European motor show',
      body: "Show the partnership's technology (cells, software foundation) on one stand at next year's motor show in Munich.",
      workstream: 'WS-PROD',
      links: ['AREA-3', 'MKT-2'],
      decideBy: 240,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', HE, 'approve', ''],
      [
        5,
        'comment',
        NS,
        'Marketing budget for next year has been cut; I will withdraw this for now.',
        'internal',
      ],
      [
        6,
        'withdraw',
        NS,
        "Nissan's events budget for next year was cut; we may file it again later.",
      ],
    ],
  },
  // ── Months 7–8: widening the study, the second amendment ──────────────────────────────────
  {
    key: 'bat-scope-2',
    author: HB,
    reviewers: [NB, HM],
    start: 200,
    text: {
      title: 'Widen the battery study to NMC cells and to Europe',
      body: 'The six-month report shows the LFP tender works. The study now also covers:\n\n- nickel manganese cobalt (NMC) cells for longer-range models;\n- models built for Europe.\n\nThis replaces the study scope decided in the first month.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-1', 'MKT-1', 'MKT-2'],
      supersedes: ['bat-scope'],
      decideBy: 230,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'comment', NM, 'Finally — Sunderland has been waiting for this.'],
      [3, 'review', NB, 'approve', ''],
      [3.3, 'review', HM, 'approve', ''],
      [5, 'sign', NB],
      [6, 'sign', HL, '欧州への拡大を承認します。'],
    ],
  },
  {
    key: 'sw-api-10',
    author: NS,
    reviewers: [HS, HM, NM],
    start: 214,
    text: {
      title: 'Vehicle API 1.0 replaces draft 0.9',
      body: 'After a season of prototypes, the common vehicle API is frozen as 1.0 (adds thermal management and energy services; removes two deprecated diagnostic calls). New software of both companies uses 1.0; 0.9 is no longer maintained.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-2'],
      supersedes: ['sw-api-09'],
      decideBy: 245,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'review', HS, 'approve', 'Reviewed the change list.'],
      [2.5, 'review', NM, 'approve', ''],
      [3, 'sign', HS],
      [3.5, 'sign', NL],
    ],
  },
  {
    key: 'am-2',
    type: 'amendment',
    author: NB,
    reviewers: [HB, HE, NM, NS],
    start: 222,
    text: {
      title: 'Add other core EV components to the areas of cooperation',
      body: 'The announcement spoke of joint procurement of core EV components, of which batteries are only the first. This amendment adds e-axles, inverters and on-board chargers as an area, so the battery study group can look at them too.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-1'],
      amendment: [
        {
          op: 'add',
          kind: 'area',
          code: 'AREA-4',
          title: 'Other core EV components',
          statement:
            'Buy, and where useful develop, other core EV components together: e-axles, inverters and on-board chargers.',
          titleJa: 'その他のEV基幹部品',
          statementJa:
            'eアクスル、インバーター、車載充電器など、その他のEV基幹部品を共同で調達し、有益な場合は共同で開発する。',
        },
      ],
      decideBy: 255,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', HB, 'approve', ''],
      [3.5, 'review', HE, 'approve', 'e-axles are where the next savings are.'],
      [4, 'review', NM, 'approve', ''],
      [5, 'comment', NS, 'Should software for these components be under WS-SW?'],
      [
        5.5,
        'comment',
        NB,
        'Yes: the area is the parts; their software stays in the platform study.',
      ],
      [6, 'review', NS, 'approve', ''],
      [9, 'sign', HL, '対象分野の追加に賛成します。'],
      [12, 'sign', NL],
    ],
  },
  {
    key: 'bat-clean-team-2',
    author: NM,
    reviewers: [HB, NE],
    start: 232,
    text: {
      title: 'Clean-team rules, second edition: an outside custodian for price data',
      body: 'With the tender under way, price data is more sensitive. An outside law firm becomes the custodian of the data room; both legal teams keep read access to the access log only.\n\nThis replaces the clean-team rules of the first month.',
      workstream: 'WS-BAT',
      links: ['AREA-2'],
      supersedes: ['bat-clean-team'],
      decideBy: 260,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'comment', HB, '法務部門も外部管理に賛成。', 'internal'],
      [3, 'review', HB, 'approve', 'Honda legal agrees.'],
      [3.5, 'review', NE, 'approve', ''],
      [6, 'sign', HB],
      [8, 'sign', NB],
    ],
  },
  {
    key: 'sw-voice',
    author: NS,
    reviewers: [HS, NM],
    start: 240,
    text: {
      title: 'One voice assistant from one cloud supplier',
      body: 'Both companies buy the same voice assistant from one cloud supplier for 2029 models, to halve integration cost.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-2'],
      decideBy: 270,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', NM, 'approve', ''],
      [4, 'comment', HS, 'Honda has a running contract until 2030 with another supplier.'],
      [4.3, 'comment', HM, '契約期間の問題で今回は見送りが妥当。', 'internal'],
      [
        6,
        'reject',
        HS,
        "Honda's current voice contract runs to 2030; a common supplier can be looked at for models after that.",
      ],
    ],
  },
  {
    key: 'bat-eaxle',
    author: NB,
    reviewers: [HE, NE],
    start: 248,
    text: {
      title: 'Feasibility study for joint e-axle sourcing',
      body: "Under the new area AREA-4, the battery study group compares both companies' e-axle needs for 2029–2031 and asks three suppliers for indicative prices on a common design.",
      workstream: 'WS-BAT',
      links: ['AREA-4', 'OBJ-1', 'OBJ-4'],
      decideBy: 280,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', HE, 'approve', ''],
      [3.5, 'review', NE, 'approve', ''],
      [5, 'sign', HB],
      [5.4, 'sign', NL],
    ],
  },
  {
    key: 'prod-fleet',
    author: HS,
    reviewers: [HE, NE],
    start: 258,
    text: {
      title: 'One quote for European fleet buyers, with both ranges',
      body: "Large fleet buyers in Europe ask for one quote covering cars and vans. A joint fleet desk offers both companies' EVs on one quote; each maker delivers, sells and services its own vehicles.",
      workstream: 'WS-PROD',
      links: ['AREA-3', 'MKT-2', 'OBJ-3'],
      touches: { 'ST-1': ST1_FLEET },
      decideBy: 300,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'comment', NE, 'Fleet customers have asked exactly for this.'],
      [4, 'review', NE, 'approve', ''],
      [4.3, 'review', HE, 'approve', ''],
      [
        5,
        'comment',
        NL,
        'Needs both partnership leads: the stance is touched, openly. Fine with us.',
      ],
      [8, 'sign', NL, 'Nissan signs: no vehicle changes badge.'],
      [12, 'sign', HL, '各社が自社ブランドで販売する前提で承認します。'],
    ],
  },
  {
    key: 'prod-swap-idea',
    author: HE,
    reviewers: [],
    start: 276,
    text: {
      title: 'Idea: battery swapping know-how from Honda motorcycles for city cars',
      body: "Honda's swappable packs for scooters could be a starting point for small city cars. Internal notes before asking Nissan.",
      workstream: 'WS-PROD',
      links: ['AREA-3'],
    },
    steps: [
      [0, 'create'],
      [
        4,
        'edit',
        {
          body: "Honda's swappable packs for scooters could be a starting point for small city cars. Internal notes before asking Nissan.\n\nOpen question: does the pack size scale at all?",
        },
      ],
      [10, 'withdraw', HE, 'Pack sizes do not scale to cars; not the right moment.'],
    ],
  },
  {
    key: 'sw-cadence-2',
    author: HS,
    reviewers: [NS, HM],
    start: 280,
    text: {
      title: 'Platform release cadence: quarterly from next year',
      body: 'With the OTA backend running, the shared foundation moves to four releases a year from January. This replaces the twice-yearly cadence.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-3'],
      supersedes: ['sw-cadence'],
      decideBy: 310,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', NS, 'approve', ''],
      [3.2, 'review', HM, 'approve', ''],
      [4, 'sign', NS],
      [7, 'sign', HL],
    ],
  },
  // ── Months 10–12: what is on the table now ────────────────────────────────────────────────
  {
    key: 'bat-logistics',
    author: HE,
    reviewers: [NM, HM],
    start: 300,
    text: {
      title: 'Shared inbound logistics for cells at the Ohio hub',
      body: 'Cells for both companies arrive through one cross-dock near the Ohio hub and go on to each plant from there.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-1', 'MKT-1'],
      decideBy: 335,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', HM, 'approve', ''],
      [
        5,
        'review',
        NM,
        'request_changes',
        "Smyrna is far from Ohio: show the cost per cell for Nissan's plants, or keep Nissan's flows separate.",
      ],
      [
        5.2,
        'comment',
        NM,
        'This mostly helps Honda. Cost per cell needed before we agree.',
        'internal',
      ],
      [
        12,
        'comment',
        HE,
        'Working on the cost per cell with the logistics team; it takes longer than planned.',
      ],
      [12.3, 'comment', HB, '期限を過ぎそう。年明けまでに数字を出す。', 'internal'],
    ],
  },
  {
    key: 'bat-tender-award',
    author: HB,
    reviewers: [NB, HM],
    start: 306,
    text: {
      title: 'Award the North American LFP cell tender to two suppliers',
      body: 'The joint tender closed with three bids. The scoring panel recommends two suppliers, split 60/40, so that neither company depends on one plant. Prices are 11% below what either company was quoted alone.\n\nEach company now signs its own supply contract on the awarded terms.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-1', 'OBJ-4', 'MKT-1'],
      decideBy: 325,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [1.5, 'comment', NM, '11% is better than our own forecast. Good result for the study.'],
      [2, 'comment', NE, '2社購買で価格差が出た。社内報告用に数字を整理します。', 'internal'],
      [3, 'review', NB, 'approve', 'The panel scored fairly; Nissan agrees with the split.'],
      [3.5, 'review', HM, 'approve', ''],
      [5, 'sign', NB],
      // Mori is at the Geneva show: Aiko Ito signs for him (ADR 0030), still in force today.
      [
        6,
        'delegate',
        HL,
        HS,
        'admin@honda.example',
        'ジュネーブ出張中の署名を伊藤さんに委任します。',
        60,
      ],
      [7, 'sign', HS, '共同入札の成果として承認します。', HL],
    ],
  },
  {
    key: 'sw-release-1',
    author: NS,
    reviewers: [HS, NM],
    start: 322,
    text: {
      title: 'First release of the shared foundation goes to both prototype fleets',
      body: 'Release 1 of the shared software foundation (operating system, middleware, vehicle API 1.0, OTA client) has passed the joint test farm. It goes to 40 prototypes of each company over four weeks.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-3'],
      decideBy: 340,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [
        2,
        'concern',
        HM,
        'rollback',
        'No rollback plan',
        'If the release bricks a prototype, how do we go back? The proposal should name the rollback path before anything is pushed.',
        {
          kind: 'policy_clause',
          ref: 'impact_statements',
          text: 'The impact statement does not say what happens to a prototype if a release fails.',
          resolvesWhen: 'The proposal names the rollback path.',
        },
      ],
      [
        3,
        'revise',
        'Adds the rollback path',
        {
          body: 'Release 1 of the shared software foundation (operating system, middleware, vehicle API 1.0, OTA client) has passed the joint test farm. It goes to 40 prototypes of each company over four weeks.\n\nRollback: every prototype keeps the previous image in a second partition; each company can switch its own fleet back within a day.',
        },
      ],
      [3.5, 'resolve', HM, 'rollback', 'The A/B partition answers it.'],
      [4, 'review', HS, 'approve', ''],
      [4.5, 'review', NM, 'approve', ''],
      [6, 'sign', HS],
      [8, 'sign', NL, 'A milestone for the software study.'],
    ],
  },
  {
    key: 'bat-eaxle-rfq',
    author: NE,
    reviewers: [HE, NM],
    start: 338,
    text: {
      title: 'E-axle study: move to a joint request for quotation',
      body: 'The indicative e-axle prices show 8–12% savings on a common design. The study group asks three suppliers for binding quotes for 2029–2031, each company keeping the choice to buy.',
      workstream: 'WS-BAT',
      links: ['AREA-4', 'OBJ-1', 'OBJ-4'],
      decideBy: 360,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'review', HE, 'approve', 'The common design is close enough for both of us.'],
      [2.5, 'review', NM, 'approve', ''],
      [4, 'sign', HB],
      [6, 'sign', NB],
    ],
  },
  {
    key: 'bat-tender-eu',
    author: NE,
    reviewers: [HM, NM],
    start: 318,
    text: {
      title: 'Joint tender for NMC cells for European models',
      body: 'Following the wider study scope, run a second joint tender for NMC cells for 2029–2031 models built in Europe, with the same rules as the North American tender.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-1', 'MKT-2'],
      decideBy: 372,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'comment', HM, 'Which plants? Swindon no longer builds cars.'],
      [
        4,
        'revise',
        'Names the plants',
        {
          body: "Following the wider study scope, run a second joint tender for NMC cells for 2029–2031 models built in Europe (Nissan Sunderland; Honda's European models built in Japan and shipped), with the same rules as the North American tender.",
        },
      ],
      [5, 'review', HM, 'approve', ''],
      [5.5, 'review', NM, 'approve', ''],
      [8, 'sign', NB, 'Nissan is ready.'],
      [9, 'comment', HB, '欧州向けの数量確認が終わり次第、署名します。', 'internal'],
    ],
  },
  {
    key: 'sw-toolchain',
    author: HM,
    reviewers: [NS, HS],
    start: 328,
    text: {
      title: 'One build toolchain and test farm for platform code',
      body: 'Platform code of both companies builds on one continuous-integration toolchain and runs on one hardware-in-the-loop test farm, hosted by the project office.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-2'],
      decideBy: 368,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', HS, 'approve', ''],
      [5, 'review', NS, 'approve', 'Yes; access rules per company as for the OTA keys.'],
      [6, 'comment', NS, 'Ready for sign-off from our side.'],
    ],
  },
  {
    key: 'prod-aftersales',
    author: NS,
    reviewers: [HE, NE],
    start: 331,
    text: {
      title: 'Shared training for high-voltage repair in North America',
      body: 'Technicians of both dealer networks in North America train on high-voltage safety with one curriculum and one set of trainers.',
      workstream: 'WS-PROD',
      links: ['AREA-3', 'MKT-1'],
      decideBy: 350,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', HE, 'approve', ''],
      [4, 'review', NE, 'approve', ''],
      [6, 'sign', HS, 'Honda signs.'],
      [
        8,
        'comment',
        NM,
        'Waiting for our side; the dealer network team is reviewing costs.',
        'internal',
      ],
    ],
  },
  {
    key: 'bat-warranty',
    author: NM,
    reviewers: [HB, NE],
    start: 334,
    text: {
      title: 'Common warranty terms for jointly bought cells',
      body: 'The supply contracts from the joint tender carry one set of warranty terms for the cells: 8 years, capacity above 70%, with one claims process.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-4'],
      decideBy: 380,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', NE, 'approve', ''],
      [
        4,
        'concern',
        HB,
        'claims',
        'One claims process hides who pays',
        "If a pack fails, the claim goes to the supplier, but the terms do not say which company handles its own customers' claims. Each company must keep its own customer side.",
        {
          kind: 'other',
          text: "Each company's own customers",
          resolvesWhen: "The terms say each company handles its own customers' claims.",
        },
      ],
      [4.2, 'comment', HB, '顧客対応は各社で行うべき。懸念として登録。', 'internal'],
      [6, 'comment', NM, 'Understood. We will draft the split of customer handling.'],
    ],
  },
  {
    key: 'sw-map',
    author: NM,
    reviewers: [HS, NS],
    start: 337,
    text: {
      title: 'Common map and navigation data contract for Europe',
      body: 'Buy map and navigation data for Europe under one contract, with one update service.',
      workstream: 'WS-SW',
      links: ['AREA-1', 'MKT-2', 'OBJ-2'],
      decideBy: 360,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'review', NS, 'approve', ''],
      [
        4,
        'review',
        HS,
        'request_changes',
        'Please split the data licence from the update service; we may keep our own update service.',
      ],
      [
        9,
        'revise',
        'Splits the data licence from the update service',
        {
          body: 'Buy map and navigation data for Europe under one contract. The update service is optional: each company may use the shared one or its own.',
        },
      ],
      [10, 'comment', HS, 'Thanks, reviewing the new text this week.'],
    ],
  },
  {
    key: 'sw-test-vehicles',
    author: HL,
    reviewers: [HM, NS],
    start: 341,
    text: {
      title: 'ソフトウェア基盤の共同検証車両を各社2台ずつ用意する',
      body: '共通ソフトウェア基盤の実車検証のため、各社が自社車両を2台ずつ用意し、共同のテストコースで走行試験を行う。\n\n- 期間：来年4月から6か月\n- 車両は各社の所有のまま、ブランドも変更しない\n- 試験結果はデータルームで共有する',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-3'],
      decideBy: 375,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [
        3,
        'comment',
        NS,
        '日産も2台用意できます。テストコースは栃木と追浜のどちらを想定していますか。',
      ],
      [4, 'comment', HL, 'まず栃木で始め、後半は追浜を使う案を考えています。'],
      [5, 'review', HM, 'approve', ''],
    ],
  },
  {
    key: 'prod-charging',
    author: HE,
    reviewers: [NE, HS],
    start: 345,
    text: {
      title: "Mutual access to each other's fast-charging partners in North America",
      body: 'Drivers of either brand can use the fast-charging networks the other company has contracts with, at the same price as its own drivers.',
      workstream: 'WS-PROD',
      links: ['AREA-3', 'MKT-1', 'OBJ-3'],
      decideBy: 385,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'comment', NE, 'Nice for customers. Billing between networks is the hard part.'],
      [
        4,
        'concern',
        NM,
        'billing',
        'Who bills the driver?',
        'Roaming fees between networks can double the price for the driver. The proposal must say who bills and who carries roaming fees.',
        {
          kind: 'charter_item',
          ref: 'OBJ-4',
          resolvesWhen: 'The proposal says who bills the driver and who carries roaming fees.',
        },
      ],
      [5, 'comment', NL, 'ローミング費用の負担が決まるまでは保留で。', 'internal'],
    ],
  },
  {
    key: 'am-3',
    type: 'amendment',
    author: NM,
    reviewers: [HB, HS, NS, NB],
    start: 348,
    text: {
      title: 'Add Japan as a market of the cooperation',
      body: "Both companies' home market is Japan. Joint procurement for cells and software for models sold in Japan would add volume to both tenders. This amendment adds Japan as a market.",
      workstream: 'WS-BAT',
      links: ['OBJ-1'],
      amendment: [
        {
          op: 'add',
          kind: 'market',
          code: 'MKT-3',
          title: 'Japan',
          statement:
            'The cooperation may apply to products and procurement for the Japanese market.',
          titleJa: '日本',
          statementJa: '日本市場向けの商品と調達に協業を適用できる。',
        },
      ],
      decideBy: 400,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', NS, 'approve', ''],
      [4, 'review', HB, 'approve', 'More volume for the tenders.'],
      [5, 'comment', HS, '国内市場は競合も強く、社内調整が必要。', 'internal'],
      [
        6,
        'comment',
        HS,
        'Honda needs more time: our domestic sales division wants to see it first.',
      ],
    ],
  },
  {
    key: 'bat-sodium',
    author: NB,
    reviewers: [HE, NE],
    start: 352,
    text: {
      title: 'Watch list: sodium-ion cells for entry models',
      body: 'Track sodium-ion cell makers for entry-level models from 2030; share test results under the joint protocol. No purchase yet.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-4'],
      decideBy: 395,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [3, 'review', HE, 'approve', 'Cheap to do, worth knowing.'],
    ],
  },
  // ── A deadlock goes up the escalation ladder (PROC-1, ADR 0032) ───────────────────────────
  {
    key: 'prod-service-bays',
    author: HM,
    reviewers: [HE, NM],
    start: 354,
    text: {
      title: 'Shared service bays for EVs at North American dealers',
      body: 'Dealers of either brand in North America may service the other brand’s EVs in shared high-voltage service bays, with one training programme and one set of tools.',
      workstream: 'WS-PROD',
      links: ['AREA-3', 'MKT-1'],
      decideBy: 380,
    },
    steps: [
      [0, 'create'],
      [1, 'submit'],
      [2, 'review', HE, 'approve', 'Halves the tooling cost per dealer.'],
      [3, 'review', NM, 'approve', ''],
      [
        5,
        'reject',
        NL,
        'Nissan’s dealer agreements in the US do not allow servicing another brand before 2028; we cannot commit our dealers now.',
      ],
      [6, 'comment', HL, 'ディーラー契約の論点は運営委員会で扱うべきです。'],
      [6.2, 'escalate', HL],
    ],
  },
  // ── Drafts each company is still writing (private to it) ─────────────────────────────────
  {
    key: 'bat-draft-honda',
    author: HE,
    reviewers: [],
    start: 349,
    text: {
      title: '全固体電池の共同評価を日産に打診する（社内検討）',
      body: '全固体電池のサンプル評価を共同で行うことを日産に提案するかどうか、社内で検討する。\n\n- 評価項目：安全性、低温性能、コスト見通し\n- 課題：開示できる情報の範囲',
      workstream: 'WS-BAT',
      links: ['AREA-2'],
    },
    steps: [
      [0, 'create'],
      [
        6,
        'edit',
        {
          body: '全固体電池のサンプル評価を共同で行うことを日産に提案するかどうか、社内で検討する。\n\n- 評価項目：安全性、低温性能、コスト見通し\n- 課題：開示できる情報の範囲\n- 次回の社内会議で方針を決める',
        },
      ],
    ],
  },
  {
    key: 'sw-draft-honda',
    author: HS,
    reviewers: [HM],
    start: 355,
    text: {
      title: 'Honda position: a signing service for platform release keys',
      body: 'Before proposing anything jointly, Honda sets out how release keys for the shared foundation should be held (hardware security modules in each company, quorum of two to sign).',
      workstream: 'WS-SW',
      links: ['AREA-1'],
    },
    steps: [[0, 'create']],
  },
  {
    key: 'bat-draft-nissan',
    author: NE,
    reviewers: [],
    start: 354,
    text: {
      title: 'Second-life storage for used packs: early notes',
      body: 'Used packs from both fleets could serve as stationary storage at plants. Early notes; not ready to share with Honda.',
      workstream: 'WS-BAT',
      links: ['AREA-2', 'OBJ-4'],
    },
    steps: [[0, 'create']],
  },
  {
    key: 'sw-draft-nissan',
    author: NM,
    reviewers: [NS],
    start: 358,
    text: {
      title: '日産案：車載OSのライセンス費用の分担方法',
      body: '共通基盤のライセンス費用を、販売台数比で分担するか、均等に分担するかの比較。ホンダに示す前に社内で方針を固める。',
      workstream: 'WS-SW',
      links: ['AREA-1', 'OBJ-2'],
    },
    steps: [[0, 'create']],
  },
]
