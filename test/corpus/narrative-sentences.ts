/**
 * Real sentences from published 政府信息公开工作年度报告, verbatim (punctuation as the saved page
 * has it), with the tables of that report where the page shows them, or else tables that agree
 * with what the sentence says (marked `tables: 'agreeing'`). Used by test/narrative-corpus.test.ts:
 * every text must pass NARRATIVE_NUMBER with its tables, and each `changed` variant (one number
 * altered to disagree) must give exactly one warning with that number.
 *
 * Entries marked `constructed` are not from a page: they follow the wording the issue quotes from
 * real reports ("法人或其他组织申请 N 件"), for readings no page at hand showed.
 */
import type { ReportData } from '../../src/report';

/** Applicant columns of one Table 3 row: [自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他]. */
export type Applicants = [number, number, number, number, number, number];

export interface TableSpec {
  /** Table 3 rows other than （七）总计 and 四 (derived: 四 = 一 + 二 − （七） unless given). */
  table3?: Record<string, Applicants>;
  /** Table 4 groups: [维持, 纠正, 其他, 尚未审结]. */
  table4?: Partial<Record<'review' | 'litigationDirect' | 'litigationAfterReview', [number, number, number, number]>>;
  /** Table 2: 规章 / 行政规范性文件 [制发, 废止, 现行有效]. */
  table2?: Partial<Record<'regulations' | 'normativeDocuments', [number, number, number]>>;
}

export interface CorpusEntry {
  source: string;
  year: number;
  /** One or more paragraphs, verbatim. */
  text: string[];
  tables: 'real' | 'agreeing';
  spec: TableSpec;
  /** Variants with one number changed so that it disagrees: [the text to find, its replacement, the number now typed]. */
  changed?: [string, string, number][];
  constructed?: boolean;
}

const n = (naturalPerson: number, ...orgs: number[]): Applicants => [naturalPerson, orgs[0] ?? 0, orgs[1] ?? 0, orgs[2] ?? 0, orgs[3] ?? 0, orgs[4] ?? 0];

export const CORPUS: CorpusEntry[] = [
  {
    source: 'https://www.hanyang.gov.cn/bmxxgk/zfgzjg/qrmzfbgs/zfxxgkndbg/202301/t20230119_2136694.shtml',
    year: 2022,
    text: [
      '2022年,区政府办公室共收到8份政府信息公开申请,均为自然人申请。其中,予以公开2件,部分公开2件,属于四类过程性性信息1件,本办不掌握相关政府信息2件,其他1件(申请人自主撤销)。无下年度结转。',
    ],
    tables: 'real',
    spec: {
      table2: { regulations: [0, 0, 0], normativeDocuments: [5, 12, 8] },
      table3: { newRequests: n(8), granted: n(2), partlyGranted: n(2), withheldProcessInfo: n(1), unavailableNotHeld: n(2), otherMisc: n(1) },
    },
    changed: [
      ['共收到8份', '共收到9份', 9],
      ['予以公开2件', '予以公开3件', 3],
      ['本办不掌握相关政府信息2件', '本办不掌握相关政府信息4件', 4],
      ['其他1件', '其他3件', 3],
    ],
  },
  {
    source: '(a district’s 2022 summary of 依申请公开, saved page without its address in the search corpus)',
    year: 2022,
    text: [
      '2022年,全区各职能部门、镇街共收到政府信息依申请公开1499件。其中,通过网络申请1303件,占86.92%;通过信函申请172件,占11.47%;通过当面申请24件,占1.60%。',
      '2022年,全区各职能部门、镇街共完成政府信息依申请公开答复1453件,包括上年结转信息公开申请30件。其中,予以公开答复966件,占66.48%;部分公开67,占4.61%;不予公开81件,占5.57%;无法提供的182件,占12.53%;不予处理的61件,占4.20%;其他处理96件,占6.61%。',
    ],
    tables: 'agreeing',
    spec: {
      table3: {
        newRequests: n(1400, 80, 0, 0, 19),
        carriedOver: n(30),
        granted: n(900, 66),
        partlyGranted: n(67),
        withheldProcessInfo: n(50),
        withheldThirdParty: n(31),
        unavailableNotHeld: n(182),
        rejectedRepeated: n(61),
        otherMisc: n(96),
      },
    },
    changed: [
      ['共收到政府信息依申请公开1499件', '共收到政府信息依申请公开1498件', 1498],
      ['答复1453件', '答复1450件', 1450],
      ['上年结转信息公开申请30件', '上年结转信息公开申请31件', 31],
      ['不予公开81件', '不予公开80件', 80],
      ['无法提供的182件', '无法提供的183件', 183],
    ],
  },
  {
    source: 'http://www.shpt.gov.cn/shpt/tjsj-tjsjzhzwqfbzfwj2021/20220725/847939.html',
    year: 2022,
    text: [
      '2022年上半年,全区各级行政机关共制发公文707件,主动公开673件,平均主动公开率为95.19%。',
      '2022年上半年,全区各行政机关共受理政府信息公开申请267件,答复263件,申请量比2021年同期上升1.52%。其中同意公开或部分公开共81件,公开率为30.80%。',
      '2022年上半年,全区共发生涉及政府信息公开的行政诉讼案件2件,被纠错0件。',
    ],
    tables: 'agreeing',
    spec: {
      table3: { newRequests: n(250, 17), granted: n(60), partlyGranted: n(21), unavailableNotHeld: n(133, 17), rejectedRepeated: n(32) },
      table4: { litigationDirect: [1, 0, 0, 1] },
    },
    changed: [
      ['申请267件', '申请270件', 270],
      ['答复263件', '答复264件', 264],
      ['部分公开共81件', '部分公开共82件', 82],
      ['行政诉讼案件2件', '行政诉讼案件3件', 3],
      ['被纠错0件', '被纠错1件', 1],
    ],
  },
  {
    source: 'http://www.lishui.gov.cn/art/2025/3/7/art_1229850027_100030.html',
    year: 2024,
    text: [
      '(一)主动公开方面。围绕市政府工作报告确定的重大举措,加强重点领域信息公开。全市全年共刊发《政府公报》12期;召开新闻发布会 20 场;通过各类政务新媒体共发布政府信息44845条;通过政府门户网站信息公开平台共发布政府信息79603条,其中:会议信息220条,政策文件3302件,意见征集799件,建议提案2768件,其他信息72514条。',
      '(二)依申请公开方面。全市全年新收政府信息公开申请1541件,加上上年结转的,除去本年度结转下年度办理的,共办理政府信息公开申请1527件,其中予以公开或部分公开占58.5%、不予公开占7.3%、因本机关不掌握等原因无法提供占28.9%,其他情况占5.2%。申请内容仍然集中在政策文件、征地补偿等方面。全年因政府信息公开申请引起的行政复议93件,行政诉讼19件。',
    ],
    tables: 'agreeing',
    spec: {
      table3: {
        newRequests: n(1400, 120, 1, 5, 10, 5),
        carriedOver: n(20),
        granted: n(600, 100),
        partlyGranted: n(180, 13),
        withheldThirdParty: n(111),
        unavailableNotHeld: n(441),
        otherMisc: n(82),
      },
      table4: { review: [60, 5, 10, 18], litigationDirect: [8, 1, 1, 2], litigationAfterReview: [5, 0, 0, 2] },
    },
    changed: [
      ['新收政府信息公开申请1541件', '新收政府信息公开申请1542件', 1542],
      ['共办理政府信息公开申请1527件', '共办理政府信息公开申请1530件', 1530],
      ['行政复议93件', '行政复议94件', 94],
      ['行政诉讼19件', '行政诉讼20件', 20],
    ],
  },
  {
    source: 'http://yxjlzs.com/zgsr/gknb/202303/dd0388a1859443998847bb4daaf4b9b0.shtml (上饶市 2022)',
    year: 2022,
    text: [
      '2022年,上饶市人民政府网站发布政府信息共17076条。新开设“双一号工程”专题、“公共企事业单位信息公开”专栏,分别发布相关信息130余条、100余条。加强疫情防控发布,在专栏发布疫情信息540余条;集中发布财政预决算、政府债务、财政资金直达基层、农村宅基地制度试点工作、生态环境、公共资源交易、减税降费、脱贫攻坚与乡村振兴有效衔接等重点领域信息3500余条。',
      '(二)依申请公开情况。全市认真贯彻执行政府信息公开条例,不断建立完善依申请公开办理答复制度,依法保障人民群众对政府信息的知情权。2022年全市共收到政府信息申请公开件658件,因政府信息公开引起的行政复议22件、行政诉讼案件1件。',
    ],
    tables: 'agreeing',
    spec: {
      table3: { newRequests: n(600, 40, 0, 0, 18), granted: n(400, 40), unavailableNotHeld: n(200, 0, 0, 0, 18) },
      table4: { review: [15, 2, 3, 2], litigationDirect: [0, 0, 0, 1] },
    },
    changed: [
      ['公开件658件', '公开件668件', 668],
      ['行政复议22件', '行政复议21件', 21],
      ['行政诉讼案件1件', '行政诉讼案件2件', 2],
    ],
  },
  {
    source: 'http://ccxi.gov.cn/info/1308/19392.htm',
    year: 2022,
    text: [
      '线上通过管委会网站等政府网站公开政府信息,其中通过政务服务系统向全社会主动公开政务服务事项数275项;通过长兴岛发布向全区发布疫情等相关信息34条;通过管委会网站和长兴岛发布公开教育、文化旅游等相关信息31条;通过管委会网站公布季度末梢水监测情况4条,行政处罚2条。',
      '本年度,受理依申请公开政府信息0件,没有因政府信息公开引起的行政复议和行政诉讼事件。',
    ],
    tables: 'real',
    spec: {},
    changed: [['受理依申请公开政府信息0件', '受理依申请公开政府信息2件', 2]],
  },
  {
    source: 'http://www.zhyzulin.com/qdsrmzf/qznb2024/content/1dd5db65-d7d6-48ec-a221-1cc09f591799.html',
    year: 2024,
    text: [
      '根据《中华人民共和国政府信息公开条例》要求,结合园区政府信息公开实际工作情况特编制了2024年政府信息公开工作年度报告。本年报全文由“总体情况”“主动公开政府信息情况”“收到和处理政府信息公开申请情况”“政府信息公开行政复议、行政诉讼情况”“存在的主要问题及改进情况”“其他需要报告的事项”六个部分组成。',
      '(一)主动公开情况。采取网络形式进行公开,全年在政府网上共主动公开条,其中信息公开指南0条,信息公开制度1条,机构职能1条,机构设置0条,领导分工2条,办公地址及时间0条,政策文件2条,规划计划2条,统计信息3条,部门预决算2条,政府采购0条,人事信息1条,贯彻落实农业农村政策2条,农田水利工程建设运营2条,农村土地承包经营流转2条,宅基地使用情况审核3条,土地征收2条,房屋征收3条,筹资筹劳2条,社会救助2条,公示公告18条,本地动态97条。',
    ],
    tables: 'agreeing',
    spec: { table3: { newRequests: n(12), granted: n(12) } },
    changed: [],
  },
  {
    source: 'http://www.huli.gov.cn/zwgk/zfxxgkzl/zfxxyjxndbg/201901/t20190111_182924.htm',
    year: 2018,
    text: [
      '根据《中华人民共和国政府信息公开条例》(下称《条例》)、《福建省政府信息公开办法》(下称《办法》)规定,向社会公布2018年度本级政府(机关)信息公开年度报告。报告由概述、主动公开政府信息的情况、政府信息依申请公开办理情况、因政府信息公开申请行政复议及提起行政诉讼的情况、政府信息公开工作存在的主要问题及改进措施、需要说明的事项与附表共六个部分组成。',
      '2018年,共制作政府信息3021条,其中主动公开信息1027条,依申请公开信息459条,不予公开信息1535条。',
    ],
    tables: 'agreeing',
    spec: { table3: { newRequests: n(120, 5), granted: n(100, 5), unavailableNotHeld: n(20) } },
    changed: [],
  },
  {
    source: 'https://xiexiebang.com/a11/2019051410/5b2b5225297985cb.html (北京市文化局 2009)',
    year: 2009,
    text: ['2009年1月1日至2009年12月31日,我局主动公开信息734条,依申请公开信息12 条,不予公开信息27 条。2009年,我局收到政府信息公开申请1条。'],
    tables: 'agreeing',
    spec: { table3: { newRequests: n(1), granted: n(1) } },
    changed: [['收到政府信息公开申请1条', '收到政府信息公开申请2条', 2]],
  },
  {
    source: 'https://shanghai.gov.cn/nw12344/20230331/4a03b5fa47ae4c73b7ec42801de6be66.html',
    year: 2022,
    text: [
      '本年度报告根据《中华人民共和国政府信息公开条例》(以下简称《条例》)和《上海市政府信息公开规定》(以下简称《规定》)的要求编制,全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、因政府信息公开工作被申请行政复议和提起行政诉讼情况、政府信息公开工作存在的主要问题及改进情况,以及其他需要报告的事项。',
      '2022年,在上海市人民政府网站、《上海市人民政府公报》主动公开市政府规章13件(含新制定5件,修改4件,废止4件),主动公开市政府和市政府办公厅行政规范性文件42件,人事任免文件106件,其他文件113件。全年上海市人民政府网站共发布各类信息46106条。',
      '全年共举办191场市政府新闻发布活动,市政府领导出席新闻发布会共计25人次,围绕上海经济社会发展重点领域工作,发布权威信息、解读政策内容。',
    ],
    tables: 'agreeing',
    spec: { table2: { regulations: [3, 2, 90], normativeDocuments: [20, 10, 300] }, table3: { newRequests: n(5000, 800), granted: n(5000, 800) } },
    changed: [],
  },
  {
    source: 'https://m.zjtcn.com/baike/lys2013ndzfxxgkgzbgbgnr7246083',
    year: 2013,
    text: [
      '(三)工作机制、制度规范的建设及落实情况。进一步完善了主动公开、依申请公开、责任追究和新闻发言人等制度,保证了政府信息公开工作更好地推进。建立健全政府信息公开考核制度,采取网上考核、实地抽查、群众评议等形式,定期对各县(市)区、各部门、各单位进行检查考核,及时向全市通报检查考核情况。按照省政务公开办《关于开展全省规范权力运行及政务公开工作检查的通知》要求,组织市监察局、市法制办、市信息中心等部门和单位,到七个县(市)区、22个市政府部门和单位检查了政务公开工作,及时提出了整改意见,推进了全市政务公开工作取得新进展。',
      '市档案馆、图书馆全年共接收公开信息件1600多份。市档案馆除现场查阅外,拓展了电话查询、信函咨询、传真、邮寄等便民措施,全年查阅利用档案15000多册。',
    ],
    tables: 'agreeing',
    spec: { table3: { newRequests: n(3), granted: n(3) } },
    changed: [],
  },
  {
    source: 'https://www.lawparks.com/ask/jinggu-government-info-applicationjinggugovernmentinformationapplication15',
    year: 2024,
    text: ['根据《中华人民共和国政府信息公开条例》,行政机关收到政府信息公开申请,能够当场答复的,应当当场予以答复。不能当场答复的,应当自收到申请之日起20个工作日内予以答复;需要延长答复期限的,应当经政府信息公开工作机构负责人同意并告知申请人,延长的期限最长不得超过20个工作日。'],
    tables: 'agreeing',
    spec: { table3: { newRequests: n(2), granted: n(2) } },
    changed: [],
  },
  {
    source: 'https://yueyang.gov.cn/gtj/30240/30242/content_2239943.html',
    year: 2022,
    text: ['市政府各部门及有关单位和县市区政府信息公开工作年度报告需由本级行政机关主要领导审核签发,并加盖单位公章,于每年1月31日前上报市政府政务公开政务服务领导小组办公室备案。备案材料为纸质和电子版文档各1份。'],
    tables: 'agreeing',
    spec: { table3: { newRequests: n(4), granted: n(4) } },
    changed: [],
  },
  {
    source: '/work/shared/samples/xian-2023-report.txt (海原县西安镇 2023, the published text)',
    year: 2023,
    text: ['2023 年 12 月 8 日收到小河行政村村民通过信函邮寄方式送达的政府信息公开申请表 1 份，西安镇人民政府高度重视，对该村民申请公开的信息进行梳理，由县自然资源局在法定期限内提供了该村民申请公开的信息。'],
    tables: 'real',
    spec: { table3: { newRequests: n(1), granted: n(1) } },
    changed: [['申请表 1 份', '申请表 3 份', 3]],
  },
  {
    source: 'issue 13: "法人或其他组织申请 N 件" (the five organisation columns together)',
    year: 2024,
    constructed: true,
    text: ['2024年共收到政府信息公开申请66件,其中自然人申请58件,法人或其他组织申请8件;上年结转2件。全年共办理67件,结转下一年度继续办理1件。'],
    tables: 'agreeing',
    spec: {
      table3: { newRequests: n(58, 7, 0, 0, 1), carriedOver: n(2), granted: n(2, 1), partlyGranted: n(16, 1), withheldInternalAffairs: n(1), unavailableNotHeld: n(39, 5, 0, 0, 1), otherMisc: n(1) },
    },
    changed: [
      ['法人或其他组织申请8件', '法人或其他组织申请9件', 9],
      ['全年共办理67件', '全年共办理70件', 70],
      ['继续办理1件', '继续办理2件', 2],
    ],
  },
];

const T3_APPLICANTS = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrg'] as const;

/** A report whose tables follow `spec` (every other cell 0), totals and 四 derived. */
export function corpusReport(entry: CorpusEntry, base: ReportData): ReportData {
  const report: ReportData = JSON.parse(JSON.stringify(base)) as ReportData;
  report.year = entry.year;
  const spec = entry.spec;
  for (const rows of [report.table2!, report.table3!, report.table4!]) for (const row of Object.values(rows)) for (const key of Object.keys(row!)) row![key] = 0;
  for (const [row, [issued, repealed, inForce]] of Object.entries(spec.table2 ?? {})) report.table2![row] = { issued, repealed, inForce };
  const t3 = report.table3!;
  const set = (row: string, values: readonly number[]) => {
    const cells: Record<string, number> = {};
    T3_APPLICANTS.forEach((c, i) => (cells[c] = values[i]));
    cells.total = values.reduce((a, b) => a + b, 0);
    t3[row] = cells;
  };
  for (const [row, values] of Object.entries(spec.table3 ?? {})) set(row, values);
  const results = Object.keys(t3).filter((r) => !['newRequests', 'carriedOver', 'resultTotal', 'carriedForward'].includes(r));
  const column = (row: string, i: number) => Number(t3[row]![T3_APPLICANTS[i]]);
  const resultTotal = T3_APPLICANTS.map((_, i) => results.reduce((sum, r) => sum + column(r, i), 0));
  set('resultTotal', resultTotal);
  if (!spec.table3?.carriedForward) set('carriedForward', T3_APPLICANTS.map((_, i) => column('newRequests', i) + column('carriedOver', i) - resultTotal[i]));
  for (const [group, [upheld, corrected, other, pending]] of Object.entries(spec.table4 ?? {})) {
    report.table4![group] = { upheld, corrected, other, pending, total: upheld + corrected + other + pending };
  }
  return report;
}
