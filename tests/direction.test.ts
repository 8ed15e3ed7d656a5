import { beforeAll, describe, expect, it } from 'vitest';
import { directionOf, indicatorHeadText } from '../src/values/direction.js';
import { getTokenizer, type Tokenizer } from '../src/values/tokenizer.js';

let tk: Tokenizer;
beforeAll(async () => {
  tk = await getTokenizer();
});

const direction = (indicator: string, target = '10件', qualifier: string | null = null) =>
  directionOf({ indicator, tokens: tk.tokenize(indicatorHeadText(indicator)), targetText: target, targetQualifier: qualifier });

// Indicator phrasings with the direction a reader gives them, written by hand: the samples' own and variants.
const HIGHER = [
  '研修実施回数', '年次有給休暇取得日数(年間一人あたり)', '多様な主体の連携による地域課題解決のための取組数', 'マッチング件数',
  '活動の活性化につながった団体数', '情報発信した手法の数 (講座、パネル展示など)', '若年層へ啓発実施の回数', '啓発実施回数',
  '学習会等の参加率', '男女平等参画等に関する研修会参加数', 'オンライン申請出来る証明書の種類', '施設利用率',
  '時差勤務利用率(時短含む)', 'マイナンバーカード保有枚数率', '出前申請受付サービスのイベント実施回数', '年間時間外勤務時間削減率',
  '市民満足度アンケートにおける満足・やや満足と回答した市民の割合', '新規赴任職員の習熟度(5点満点)', '防災、防犯に関する研修の実施回数',
  '削減した会議等に係る業務時間数', '業務の縮小時間', '紙使用量の削減量', '短縮時間', '削減時間', '参加率', '利用率', '参加者数', '登録者数',
  '講座の開催回数', '相談件数に対する解決率', '電子申請の利用件数', '短縮した処理時間', 'コスト削減額', '回収率', '収納率', '納付率',
  '見直した事務の件数', '削減できた印刷枚数',
];
const LOWER = [
  '紙使用量', '合計時間外勤務数(2022年度実績一人あたり平均163時間/年)', '時間外勤務時間合計', '時間外勤務時間数', '使用量', '待ち時間',
  '窓口の平均待ち時間', '苦情件数', '事故件数', '事務処理誤りの件数', '残業時間', '経費', '委託コスト', '滞納額', '未収金', '電力使用量',
  'コピー用紙の使用枚数', '二酸化炭素排出量', '証明書発行の処理日数', '所要時間', '紙使用量の削減', '時間外勤務の抑制', 'ごみの排出量',
];

describe('direction of improvement from the indicator', () => {
  it.each(HIGHER)('%s: higher is better', (indicator) => {
    expect(direction(indicator)).toBe('higher');
  });

  it.each(LOWER)('%s: lower is better', (indicator) => {
    expect(direction(indicator)).toBe('lower');
  });

  it('takes a bound printed with the target before the words', () => {
    expect(direction('参加者数', '100人以下', '以下')).toBe('lower');
    expect(direction('待ち時間', '10分未満', '未満')).toBe('lower');
    expect(direction('時間外勤務時間', '30%以上', '以上')).toBe('higher');
  });

  it('reads a value that is itself a reduction as higher-is-better, a level after a reduction as the indicator says', () => {
    expect(direction('時間外勤務時間数', '2020年度比 30%減', '2020年度比 減')).toBe('higher');
    expect(direction('時間外勤務時間数', '2割削減')).toBe('higher');
    expect(direction('合計時間外勤務数', '147時間(10%削減)', '10%削減')).toBe('lower');
    expect(direction('会議時間', '147時間(10%削減)', '10%削減')).toBe('lower');
  });

  it('cannot tell without an indicator', () => {
    expect(directionOf({ indicator: null, tokens: null, targetText: '10件', targetQualifier: null })).toBeNull();
  });
});
