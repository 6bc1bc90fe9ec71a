/**
 * The seed 003 key indicator table (绍兴市城市管理“十四五”规划关键指标表, DOMAIN §6.2) as the plan prints it:
 * the demo district's indicator table and the tests' fixture. Texts are as written, quirks included: "/" for
 * no baseline, row 16's baseline without a unit beside a target in 平方米, and the table's rounded 74.6% and
 * 39.3% (the plan's prose says 74.57% and 39.25%).
 */
export interface SeedIndicator {
  category: string;
  seq: number;
  name: string;
  baseline: string;
  target: string;
  binding: '约束性' | '预期性';
}

export const SEED_003_TITLE = '绍兴市城市管理“十四五”规划关键指标表';
export const SEED_003_HEADERS = ['类别', '序号', '指标名称', '“十三五”末', '“十四五”目标', '指标属性'] as const;

const row = (category: string, seq: number, name: string, baseline: string, target: string, binding: SeedIndicator['binding']): SeedIndicator => ({
  category,
  seq,
  name,
  baseline,
  target,
  binding,
});

export const SEED_003: readonly SeedIndicator[] = [
  row('环境卫生', 1, '生活垃圾分类覆盖率', '88.2%', '100%', '约束性'),
  row('环境卫生', 2, '生活垃圾资源化利用率', '74.6%', '100%', '约束性'),
  row('环境卫生', 3, '生活垃圾回收利用率', '39.3%', '65%', '预期性'),
  row('环境卫生', 4, '生活垃圾无害化处理率', '100%', '100%', '约束性'),
  row('环境卫生', 5, '城市道保洁机械化作业率', '80%', '85%', '预期性'),
  row('节约用水', 6, '城市供水管网漏损率', '10%', '≤8%', '约束性'),
  row('节约用水', 7, '城市再生水利用率', '/', '20%', '预期性'),
  row('污水排水', 8, '城市污水处理率', '97.23%', '≥98%', '约束性'),
  row('污水排水', 9, '城市生活污水集中收集率', '/', '68%', '预期性'),
  row('污水排水', 10, '农村生活污水处理设施出水达标率', '/', '95%', '预期性'),
  row('污水排水', 11, '城市易涝点整治完成率', '50%', '100%', '预期性'),
  row('燃气事业', 12, '城市居民天然气普及率', '40%', '47%', '预期性'),
  row('燃气事业', 13, '瓶装燃气信息化实名制覆盖率', '100%', '100%', '预期性'),
  row('园林绿化', 14, '建成区绿地率', '37.2%', '38.8%', '约束性'),
  row('园林绿化', 15, '建成区绿化覆盖率', '42.9%', '45%', '约束性'),
  row('园林绿化', 16, '城市人均公园绿地面积', '14.6', '16.9平方米', '约束性'),
  row('园林绿化', 17, '公园绿地服务半径覆盖率', '87.5%', '>90%', '预期性'),
  row('市政设施', 18, '城市道路亮灯率', '98%', '98%', '约束性'),
  row('智慧城管', 19, '建成区智慧城管覆盖率', '87.4%', '100%', '预期性'),
];
