package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/baogao/baogao/internal/report"
)

// TestNames holds what a commitment or result is named for: the counted
// object as written, list items in order, examples and verbs cut away.
func TestNames(t *testing.T) {
	tasks := []report.Section{{Kind: "tasks", Start: 0, End: 1 << 20}}
	review := []report.Section{{Kind: "review", Start: 0, End: 1 << 20}}
	targets := []report.Section{{Kind: "targets", Start: 0, End: 1 << 20}}
	for _, c := range []struct {
		text  string
		secs  []report.Section
		names []string
	}{
		{"城市和农村污水处理率分别达91.7%、54%。", review, []string{"城市污水处理率", "农村污水处理率"}},
		{"城乡居民人均可支配收入分别增长7.5%、9%。", review, []string{"城镇居民人均可支配收入", "农村居民人均可支配收入"}},
		{"启动银凤晓月四期等11个项目建设。", tasks, []string{"项目建设"}},
		{"新能源综合利用等重大产业项目10个。", review, []string{"重大产业项目"}},
		{"高标准打造13条农村生态示范河道。", review, []string{"农村生态示范河道"}},
		{"开展农村人居环境整治行动完成户厕改造1.4万座。", review, []string{"户厕改造"}},
		{"做好164条河道疏浚整治和25公里生态河道建设。", tasks, []string{"河道疏浚整治", "生态河道建设"}},
		{"今年城镇保障性住房基本建成470万套、新开工630万套。", tasks, []string{"城镇保障性住房", "城镇保障性住房"}},
		{"早籼稻、中晚籼稻、粳稻每50公斤分别提高3元、5元和10元。", tasks, nil},
		// A per-unit base at a name's end is not part of it; inside a name it is.
		{"早籼稻、中晚籼稻、粳稻每50公斤分别提高3元、5元和10元。", tasks, []string{"早籼稻", "中晚籼稻", "粳稻"}},
		{"小麦最低收购价平均每50公斤提高3元。", tasks, []string{"小麦最低收购价"}},
		{"城镇居民每百户拥有家用汽车达到50辆。", review, []string{"城镇居民每百户拥有家用汽车"}},
		{"一产增加值增长4.5%以上。", tasks, []string{"一产增加值"}},
		{"城镇调查失业率和登记失业率均4.5%左右。", tasks, []string{"城镇调查失业率", "登记失业率"}},
		{"分别新增危废焚烧、工业污泥年处置能力4.5万吨和3万吨。", tasks, []string{"危废焚烧年处置能力", "工业污泥年处置能力"}},
		{"培育农村人居环境整治示范村100个、示范镇10个。", tasks, []string{"农村人居环境整治示范村", "农村人居环境整治示范镇"}},
		{"争创省级善治示范村5个、民主法治示范村2个。", tasks, []string{"省级善治示范村", "省级民主法治示范村"}},
		{"规上工业增加值、固定资产投资、社会消费品零售总额分别增长7%、8%、6%。", tasks, []string{"规上工业增加值", "固定资产投资", "社会消费品零售总额"}},
		// Several 分别 lists in one sentence, figures joined by 和.
		{"财政总收入和地方财政收入分别增长10.6%和12.3%左右，城乡居民收入分别增长11%和13%左右，规模以上工业增加值增长16.5%左右。", tasks,
			[]string{"财政总收入", "地方财政收入", "城镇居民收入", "农村居民收入", "规模以上工业增加值"}},
		// Words of the story around a figure are not its name.
		{"地方一般公共预算收入迈上10亿元台阶。", review, []string{"地方一般公共预算收入"}},
		{"城镇登记失业率在2.85%以内。", review, []string{"城镇登记失业率"}},
		{"进出口总额力争增长8%左右。", tasks, []string{"进出口总额"}},
		{"地方财政收入首次突破50亿元。", review, []string{"地方财政收入"}},
		{"进出口逆势增长8.8%。", review, []string{"进出口"}},
		{"1家企业入选省服务业创新百企示范工程。", review, []string{"企业入选省服务业创新百企示范工程"}},
		{"3部作品分别荣获国家级大奖。", review, []string{"作品荣获国家级大奖"}},
		{"城乡低保标准统一增至每人每月620元。", review, []string{"城乡低保标准"}},
		{"各类人才总量达4.7万人。", review, []string{"各类人才总量"}},
		// The names of a 分别 list may open the clause before it.
		{"地区生产总值、固定资产投资双双突破200亿元大关，分别达到210亿元和241.4亿元。", review, []string{"地区生产总值", "固定资产投资"}},
		{"城镇、农村常住居民人均可支配收入分别突破2万元、1万元大关，分别达到26130元和13371元。", review,
			[]string{"城镇常住居民人均可支配收入", "农村常住居民人均可支配收入"}},
		{"城乡常住居民人均可支配收入分别增长12%和13%，分别达43366元和13835元。", review, []string{"城镇常住居民人均可支配收入", "农村常住居民人均可支配收入"}},
		// A name after its count ends where the next fact's verb begins,
		// in a text that lost the comma between them.
		{"更新30个老旧小区体育设施新建5公里健身步道。", tasks, []string{"老旧小区体育设施", "健身步道"}},
		{"社会保障持续完善增强保障能力新增城镇就业16993人。", review, []string{"新增城镇就业"}},
		// A place or 预计 inside a name opens the figure's own clause.
		{"深入开展扫黑除恶专项斗争全区违法犯罪总警情下降15.8%。", review, []string{"违法犯罪总警情"}},
		{"经济社会发展稳中有进预计地区生产总值增长6.5%。", review, []string{"地区生产总值"}},
		{"城镇化率占全市比重达到35%。", review, []string{"城镇化率占全市比重"}},
		// Items before 、 without a figure of their own share the one that follows.
		{"配合人大、政协专题视察26次。", review, []string{"人大、政协专题视察"}},
		{"城镇居民人均可支配收入、农村居民人均可支配收入均增长8%。", review, []string{"城镇居民人均可支配收入", "农村居民人均可支配收入"}},
		{"养老、医疗、失业、工伤、生育五项社会保险参保人数均增长1倍以上。", review, []string{"五项社会保险参保人数"}},
		{"打造美丽乡村、159个农村村庄生活污水处理项目。", review, []string{"农村村庄生活污水处理项目"}},
		// The items of a list share what its last one measures.
		{"化学需氧量和二氧化硫排放量分别削减45.1%、55.6%。", review, []string{"化学需氧量排放量", "二氧化硫排放量"}},
		{"企业退休人员、被征地农民置换城保退休人员平均养老金分别提高到每月2466元、1234元。", review, []string{"企业退休人员平均养老金", "被征地农民置换城保退休人员平均养老金"}},
		{"完成废弃矿山生态修复13处、海岸线整治修复6.1公里。", tasks, []string{"废弃矿山生态修复", "海岸线整治修复"}},
		{"获批1个省级创业示范基地。", review, []string{"获批省级创业示范基地"}},
		{"住房公积金扩面新增4.3万人。", review, []string{"住房公积金扩面新增"}},
		{"市场主体净增29.4万户。", review, []string{"市场主体净增"}},
		{"首批20所学校体育设施定时定点向社区居民开放。", review, []string{"学校体育设施定时定点向社区居民开放"}},
		{"3家污水处理厂新建扩建有序推进。", review, []string{"污水处理厂新建扩建"}},
		// Figures that follow their names in order, without 分别.
		{"城镇居民人均可支配收入和农村居民人均纯收入实际增长8.4%和11.4%。", review, []string{"城镇居民人均可支配收入", "农村居民人均纯收入"}},
		{"年末城镇登记失业率4.02%。", review, []string{"城镇登记失业率"}},
		{"城镇调查失业率全年控制在5.5%以内。", tasks, []string{"城镇调查失业率"}},
		// The figures after the first speak of its indicator.
		{"地区生产总值达到160亿元，累计完成约545亿元，人均突破15万元。", review,
			[]string{"地区生产总值", "地区生产总值", "人均地区生产总值"}},
		// A name is never a function word: what is counted follows it.
		{"建成镇级综合文化示范点和13个村级文化服务中心示范点。", review, []string{"村级文化服务中心示范点"}},
		{"为超20000名困难群众。", tasks, []string{"困难群众"}},
		{"惠及500多万在校生。", review, []string{"在校生"}},
		{"占规划总投资的65.5%。", review, []string{"占规划总投资"}},
		// A verb nearer the number opens the clause that names what is
		// counted, where the comma before it was lost; not inside a name.
		{"推进城市防洪工程新改建排涝站6座。", tasks, []string{"排涝站"}},
		{"增加保洁机械化作业装备创建市级示范社区3个。", tasks, []string{"市级示范社区"}},
		{"新增建设用地2000亩。", tasks, []string{"建设用地"}},
		{"开展全区26个重点行业专项整治。", tasks, []string{"重点行业专项整治"}},
		// A clause that says how something went ends where a comma was lost.
		{"人民生活水平不断提高城乡居民人均可支配收入分别达到46082元、25035元。", review, []string{"城镇居民人均可支配收入", "农村居民人均可支配收入"}},
		// A bare measure is of the subject of the clause before.
		{"建筑业发展全面提速，总产值从56亿元增长到158亿元。", review, []string{"建筑业总产值"}},
		{"医疗废物、生活垃圾、城市污水处理能力不断提高，处理率分别达到95%、85%、80%以上。", review, []string{"医疗废物处理率", "生活垃圾处理率", "城市污水处理率"}},
		{"工业经济稳步增长，规模以上工业增加值增长8%。", review, []string{"规模以上工业增加值"}},
		// A list's first item lends a bare measure after it what it measures.
		{"国有经济总资产、所有者权益分别达2040亿元、460亿元。", tasks, []string{"国有经济总资产", "国有经济所有者权益"}},
		{"集体经济总资产、村均稳定收入分别达450亿元、1300万元。", tasks, []string{"集体经济总资产", "村均稳定收入"}},
		{"新增城区绿地面积144亩、造林面积5845亩。", tasks, []string{"城区绿地面积", "造林面积"}},
		{"力争全年旅游接待人数达到446万人次。", tasks, []string{"旅游接待人数"}},
		// The base of a comparison is no part of a name.
		{"Pm2.5平均浓度比XX年考核基数下降13%。", tasks, []string{"Pm2.5平均浓度"}},
		{"化学需氧量排放量比2010年下降8%。", review, []string{"化学需氧量排放量"}},
		// A list of counts before the name: each counts it.
		{"做好164条、133公里河道疏浚整治。", tasks, []string{"河道疏浚整治", "河道疏浚整治"}},
		{"年内完成3800户、58万平方米棚户区改造。", tasks, []string{"棚户区改造", "棚户区改造"}},
		// Fillers after a name: 建设任务, 等工程.
		{"完成17个美丽村庄、42个安居村庄建设任务。", tasks, []string{"美丽村庄", "安居村庄"}},
		{"实施90万亩禁牧休牧等工程。", tasks, []string{"禁牧休牧"}},
		// A sum put in is counted with what it goes to; a lexicon name keeps its verb.
		{"撬动全区完成技改投入104亿元。", tasks, []string{"技改投入"}},
		{"城镇新增就业4500万人。", tasks, []string{"城镇新增就业"}},
		// A framing clause is no part of a name; nor is the subject's own
		// predicate, and what the clause before opens on names a figure
		// that follows with none of its own.
		{"一般公共预算收入剔除虚增空转因素后完成10.4亿元。", review, []string{"一般公共预算收入"}},
		{"钢铁、铝业、装备制造等五大支柱产业不断做大做强，预计完成增加值910亿元。", review, []string{"五大支柱产业增加值"}},
		{"地区生产总值增速保持在合理区间，初步预计全年增长6.3%。", review, []string{"地区生产总值"}},
		// A pair word names two figures (data/pair_words.tsv); a list does not split it.
		{"本外币存贷款余额分别为4121.6亿元和2071.9亿元。", review, []string{"本外币存款余额", "本外币贷款余额"}},
		{"对中亚五国、东盟进出口分别增长12%、9%。", review, []string{"对中亚五国", "东盟进出口"}},
		// A figure that qualifies what follows it names that (…的老年人意外伤害险).
		{"为80周岁以上老人购买50元/份的老年人意外伤害险建立分层分类救助制度。", tasks, []string{"老年人意外伤害险"}},
		// A measure before its count keeps its name; a verb before the count does not.
		{"新认定国家级高新技术企业27家、总量达113家新增省高新技术企业后备入库49家。", review, []string{"新认定国家级高新技术企业", "国家级高新技术企业总量", "新增省高新技术企业后备入库"}},
		// What a figure is per (人均, 每人每月) and the 从 of a from/to it opens
		// are not the name.
		{"集中供养孤儿基本生活保障省定最低标准从每人每月2375元提高到2423元。", tasks, []string{"集中供养孤儿基本生活保障省定最低标准"}},
		{"城乡居民基本医保财政补助标准增加到人均280元。", review, []string{"城乡居民基本医保财政补助标准"}},
		// Adverbs of time that end a name are not part of it.
		{"贫困地区农村学生上重点高校人数连续两年增长10%以上。", review, []string{"贫困地区农村学生上重点高校人数"}},
		// 年均 alone names nothing: the figure before it in the sentence, or
		// the words before the verb, do.
		{"研发经费投入年均增长10%以上。", tasks, []string{"研发经费投入"}},
		{"地区生产总值连跨两个万亿元台阶，年均增长5.7%。", review, []string{"地区生产总值"}},
		// A short parenthesis that names, not counts, is part of the name.
		{"升级改造28家农贸市场（邻里中心）。", tasks, []string{"农贸市场（邻里中心）"}},
		{"新建学校12所（其中小学8所）。", tasks, []string{"学校", "小学"}},
		// An item that names only a tier takes the head of the next one.
		{"持续打造2个省级、2个市级服务业集聚区。", tasks, []string{"省级服务业集聚区", "市级服务业集聚区"}},
		// What is said of a count after its name is not the name.
		{"实现441个老旧小区托底管理全覆盖。", review, []string{"老旧小区托底管理"}},
		{"完成13个老旧小区环境综合整治。", review, []string{"老旧小区环境综合整治"}},
		{"全省12个全域土地综合整治项目扎实推进。", review, []string{"全域土地综合整治项目"}},
		{"高标准打造13个村级文化服务中心示范点人均拥有公共文化体育设施面积全市领先。", review, []string{"村级文化服务中心示范点"}},
		// 各: one figure for each item; one rate for two rates listed.
		{"新创4A级旅游景区、省四星级乡村旅游点各1家。", tasks, []string{"4A级旅游景区", "省四星级乡村旅游点"}},
		{"资源化利用率和无害化处置率达100%。", tasks, []string{"资源化利用率", "无害化处置率"}},
		{"适龄儿童入园率和普惠率分别达96%和94%。", review, []string{"适龄儿童入园率", "普惠率"}},
		// The total after a count is the total of what it counts.
		{"新认定国家级高新技术企业27家、总量达113家。", review, []string{"新认定国家级高新技术企业", "国家级高新技术企业总量"}},
		// A clause that frames the figure is no part of its name.
		{"今后五年，我国经济增长预期目标是在明显提高质量和效益的基础上年均增长7%。", targets, []string{"经济增长"}},
		// A unit written once is every listed figure's.
		{"城镇职工和城乡居民基本养老保险参保人数分别增加8000、6000人。", tasks, []string{"城镇职工基本养老保险参保人数", "城乡居民基本养老保险参保人数"}},
		// A figure before a list ends the clause before, its comma lost.
		{"发放富民创业贷款2000万元城镇职工和城乡居民基本养老保险参保人数分别增加8000、6000人。", tasks, []string{"富民创业贷款", "城镇职工基本养老保险参保人数", "城乡居民基本养老保险参保人数"}},
		// What follows a count is not its name where it opens a clause.
		{"招工引才3000人实施就业援助400人。", tasks, []string{"招工引才", "就业援助"}},
		{"5000多万千瓦新增燃煤发电机组全部安装脱硫设施。", review, []string{"新增燃煤发电机组"}},
		{"取消建设工程验线证明等57项证明事项围绕开办企业梳理清单。", review, []string{"证明事项"}},
		// A verb with an object after it opens a clause where the comma was lost.
		{"高标准打造13条农村生态示范河道整治河湖“两违三乱”问题283个。", review, []string{"农村生态示范河道", "整治河湖“两违三乱”问题"}},
		{"完成13个老旧小区环境综合整治工程。", review, []string{"老旧小区环境综合整治工程"}},
		// Two counts in two units count what follows them; in one unit they
		// are two facts, the comma between them lost.
		{"实施危房改造剩余804户1553名建档立卡低收入人口全部脱贫。", review, []string{"建档立卡低收入人口", "建档立卡低收入人口"}},
		{"整治餐饮经营单位2537家85家纳入重污染天气管控的企业提升治污设施。", review, []string{"整治餐饮经营单位", "纳入重污染天气管控的企业"}},
		// Short items after a count share its figure and the last one's head.
		{"3件玉雕、核雕、砖雕作品获第十二届中国民间文艺“山花奖”。", review, []string{"玉雕、核雕、砖雕作品获第十二届中国民间文艺“山花奖”"}},
		{"建设10家以上中试平台、概念验证中心。", tasks, []string{"中试平台、概念验证中心"}},
		{"引进5个项目、3个团队。", tasks, []string{"项目", "团队"}},
		// The next count's examples follow the noun of work that ends a name.
		{"完成盐城小学等3所学校改扩建工程亭湖第一初级中学等3所新校启动建设。", review, []string{"学校改扩建工程", "新校"}},
		// 在 after a noun of work opens a clause of its own.
		{"完成新纪元、解放桥等5家中心警务室智能升级改造在自然村落、城郊偏远地区安装“平安灯箱”391个。", tasks, []string{"中心警务室智能升级改造", "“平安灯箱”"}},
		{"完成新纪元、解放桥等5家中心警务室智能升级改造在自然村落安装“平安灯箱”391个。", tasks, []string{"中心警务室智能升级改造", "“平安灯箱”"}},
		// A verb before a quoted name acts on it, where a comma was lost.
		{"推进适老化改造及补绿增绿等工程建设“口袋公园”2个。", tasks, []string{"“口袋公园”"}},
		// A verb that is an item of a list names, not acts.
		{"实现开工、在建、竣工安置房面积220万平方米。", tasks, []string{"开工、在建、竣工安置房面积"}},
		// A list item that says its own tier takes none from the first.
		{"培育建设市级以上企业研发机构30家、省重点技术创新导向计划15个。", tasks, []string{"市级以上企业研发机构", "省重点技术创新导向计划"}},
		// Counts side by side in two units, and the part 其中 gives, count one thing.
		{"建档立卡贫困户301户611人全部脱贫，其中173户349人稳定脱贫。", review, []string{"建档立卡贫困户", "建档立卡贫困户", "建档立卡贫困户", "建档立卡贫困户"}},
		{"棚改配套道路完成13条15公里。", review, []string{"棚改配套道路", "棚改配套道路"}},
		// The base a change turns from is no part of the name.
		{"工业企业利润由上年下降2.3%转为增长8.5%。", review, []string{"工业企业利润", "工业企业利润"}},
		// A rate with 以上 after its verb is no class, where the commas were lost.
		{"生产总值增长8.5%以上服务业增加值增长13%以上社会消费品零售总额增长11%以上。", review, []string{"生产总值", "服务业增加值", "社会消费品零售总额"}},
		// A level with 以上 before the next indicator, the comma lost; a class
		// that is counted, and criteria joined by 且, are no facts of their own.
		{"城镇新增就业900万人以上城镇登记失业率控制在4.6%以内。", targets, []string{"城镇新增就业", "城镇登记失业率"}},
		{"城镇新增就业1000万人以上城镇登记失业率4.5%以内。", targets, []string{"城镇新增就业", "城镇登记失业率"}},
		{"新开工10亿元以上项目15个。", tasks, []string{"10亿元以上项目"}},
		{"对网络销售额2万元以上且快递单量达1000单以上的经营主体进行补助。", tasks, []string{}},
		// The year a figure is of, the base alone, a headline's parts and
		// 把 are no names.
		{"地区生产总值2015年为7.5万亿元。", review, []string{"地区生产总值"}},
		{"财政赤字2.18万亿元，比去年增加2700亿元。", tasks, []string{"财政赤字", "财政赤字"}},
		{"2022全国地方两会|广西GDP增长7.5%。", review, []string{"广西GDP"}},
		{"把城镇居民基本医保财政补助标准提高到120元。", tasks, []string{"城镇居民基本医保财政补助标准"}},
		// A verb names nothing where the text says what is counted.
		{"建成运行10个村庄生活污水处理示范工程。", review, []string{"村庄生活污水处理示范工程"}},
		{"建立了2400所社区卫生服务中心。", review, []string{"社区卫生服务中心"}},
		{"新开工改造600个老旧小区。", tasks, []string{"老旧小区"}},
		{"净增高新技术企业16家，达到21家。", review, []string{"净增高新技术企业", "高新技术企业"}},
		{"着力推进农业科技进步。粮食产量屡创历史新高，去年达到54641万吨。", review, []string{"粮食产量"}},
		{"新农合参合率再创新高，达到98.5%。", review, []string{"达到"}}, // no name the lexicon knows: the verb stays
		// What is said of a count after its name is not its name, in the plan as in the review.
		{"西环路实验小学等5所学校竣工投用。", tasks, []string{"学校"}},
		{"完成2100万人次农民工职业技能提升培训任务。", tasks, []string{"农民工职业技能提升培训任务"}},
		// A name the count before took after it is not this count's.
		{"3个村入选市特色田园乡村1660户示范户挂牌。", review, []string{"村入选市特色田园乡村", "示范户挂牌"}},
	} {
		var got []string
		for _, f := range Facts(c.text, Context{Identity: annual2020, Sections: c.secs}) {
			if f.Fact.Unit != nil && *f.Fact.Unit == "公斤" {
				got = append(got, "每50公斤")
			}
			if c.names != nil {
				got = append(got, f.Fact.Indicator)
			}
		}
		if c.names == nil {
			for _, g := range got {
				if g == "每50公斤" {
					t.Errorf("%s: a per-unit base read as a fact", c.text)
				}
			}
			continue
		}
		if len(got) != len(c.names) {
			t.Errorf("%s: names %q, want %q", c.text, got, c.names)
			continue
		}
		for i := range got {
			if got[i] != c.names[i] {
				t.Errorf("%s: names %q, want %q", c.text, got, c.names)
				break
			}
		}
	}
}

// TestRegionNotInName: a news copy names the region before a figure; the
// figure's name is without it.
func TestRegionNotInName(t *testing.T) {
	review := []report.Section{{Kind: "review", Start: 0, End: 1 << 20}}
	for _, c := range []struct{ region, text, name string }{
		{"福建省", "福建全省生产总值3.58万亿元，增长8.3%。", "生产总值"},
		{"湖北省", "湖北省地区生产总值迈上4万亿元台阶。", "地区生产总值"},
		{"重庆市", "重庆地区生产总值增长6%。", "地区生产总值"},
		{"内蒙古自治区锡林郭勒盟西乌珠穆沁旗", "全旗地区生产总值达到259亿元。", "地区生产总值"},
		{"福建省", "福州地区生产总值增长6%。", "福州地区生产总值"}, // another place stays
	} {
		id := annual2020
		id.Region = c.region
		fs := Facts(c.text, Context{Identity: id, Sections: review})
		if len(fs) == 0 || fs[0].Fact.Indicator != c.name {
			t.Errorf("%s in %s: %+v, want %s", c.text, c.region, fs, c.name)
		}
	}
}

// TestSharedTails reads every row of data/shared_tails.txt: the items of
// a list before the last take the measure the last one ends with.
func TestSharedTails(t *testing.T) {
	if len(sharedTails()) < 10 {
		t.Fatalf("%d shared tails", len(sharedTails()))
	}
	for _, tail := range sharedTails() {
		got := listNames("甲乙丙丁戊和己庚"+tail, 2)
		if len(got) != 2 || got[0] != "甲乙丙丁戊"+tail || got[1] != "己庚"+tail {
			t.Errorf("%s: %q", tail, got)
		}
	}
}

// TestPredicates reads every row of data/predicates.tsv in both uses: a
// predicate inside a name ends a clause that lost its comma, and a clause
// of a subject and a predicate names the bare measure after it.
func TestPredicates(t *testing.T) {
	p := predicates()
	var rows [][2]string
	for _, line := range strings.Split(predicatesTSV, "\n") {
		if line != "" && !strings.HasPrefix(line, "#") {
			f := strings.Split(line, "\t")
			rows = append(rows, [2]string{f[0], f[1]})
		}
	}
	if len(rows) < 30 || len(p.verbs) < 10 {
		t.Fatalf("%d rows, %d verbs", len(rows), len(p.verbs))
	}
	for _, r := range rows {
		var pred string
		switch r[0] {
		case "adverb":
			pred = r[1] + "提高"
		case "verb":
			pred = "不断" + r[1]
		case "whole":
			pred = r[1]
		default:
			t.Fatalf("%s: unknown class %s", r[1], r[0])
		}
		if got := ofSubject("城镇生活垃圾"+pred, "总产值"); got != "城镇生活垃圾总产值" {
			t.Errorf("%s: subject of %q: %q", r[1], "城镇生活垃圾"+pred, got)
		}
		name := "人民生活水平" + pred + "城乡居民人均可支配收入"
		want := "城乡居民人均可支配收入"
		if r[0] == "whole" {
			want = name // a whole predicate may be part of a name: 村屯全覆盖建设任务
		}
		if got := afterPredicate(name); got != want {
			t.Errorf("%s: afterPredicate(%q) = %q, want %q", r[1], name, got, want)
		}
	}
}

// TestClauseBounds: clauseAt and lineStart find each of their marks, and
// no other character whose UTF-8 ends in the same byte (、 ends in 81, 伊
// in 8A, 亿 in BF…).
func TestClauseBounds(t *testing.T) {
	for _, p := range []string{"，", ",", "；"} {
		s := "甲乙" + p + "丙丁"
		if got := clauseAt(s, len(s)); got != len("甲乙"+p) {
			t.Errorf("clauseAt after %q: %d", p, got)
		}
	}
	for _, p := range []string{"；", "：", "。", "！", "？", "\n"} {
		s := "甲乙" + p + "丙丁"
		if got := lineStart(s, len(s)); got != len("甲乙"+p) {
			t.Errorf("lineStart after %q: %d", p, got)
		}
	}
	for _, s := range []string{"地区生产总值、固定资产投资", "亿元伊犁丹江口", "（全省）“十四五”"} {
		if got := clauseAt(s, len(s)); got != 0 {
			t.Errorf("clauseAt(%q) = %d", s, got)
		}
		if got := lineStart(s, len(s)); got != 0 {
			t.Errorf("lineStart(%q) = %d", s, got)
		}
	}
}

// TestPairWords reads every row of data/pair_words.tsv: a 分别 list of two
// figures under its example names each part in turn.
func TestPairWords(t *testing.T) {
	if len(pairWords()) < 4 {
		t.Fatalf("%d pair words", len(pairWords()))
	}
	for _, p := range pairWords() {
		got := listNames(p.example, 2)
		at := strings.Index(p.example, p.word)
		want := []string{p.example[:at] + p.first + p.example[at+len(p.word):], p.example[:at] + p.second + p.example[at+len(p.word):]}
		if at < 0 || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("%s: %q, want %q", p.word, got, want)
		}
	}
}

// TestCueEntries tries every entry of the small cue lists kept in code
// beside the naming rules: frames, sum verbs, verbs that open a clause
// after a count's name, and the nouns of work that keep such a verb.
func TestCueEntries(t *testing.T) {
	for _, f := range frames {
		name := "地区生产总值" + f.open + "保持物价稳定" + f.close
		if got := withoutFrame(name); got != "地区生产总值" {
			t.Errorf("frame %s…%s: %q", f.open, f.close, got)
		}
	}
	tasks := []report.Section{{Kind: "tasks", Start: 0, End: 1 << 20}}
	for _, v := range sumVerbs {
		fs := Facts("完成技改"+v+"104亿元。", Context{Identity: annual2020, Sections: tasks})
		if len(fs) != 1 || fs[0].Fact.Indicator != "技改"+v {
			t.Errorf("sum verb %s: %+v", v, fs)
		}
	}
	for _, v := range objectVerbs {
		if got := countedName("建成5个示范点"+v+"治污设施", len("建成5个")); got != "示范点" {
			t.Errorf("%s with an object: %q", v, got)
		}
		for _, n := range nounEnds {
			if got := countedName("建成5个示范点"+v+n, len("建成5个")); got != "示范点"+v+n {
				t.Errorf("%s%s ends a name: %q", v, n, got)
			}
		}
	}
	for _, v := range clauseVerbs {
		// What stands before a clause verb is another clause; a verb that
		// defines what is counted stays with it, a general one goes.
		want := v + "户厕改造"
		if slices.Contains(generalVerbs, v) {
			want = "户厕改造"
		}
		if got := afterLastVerb("开展农村人居环境整治行动" + v + "户厕改造"); got != want {
			t.Errorf("clause verb %s: %q, want %q", v, got, want)
		}
	}
	review := []report.Section{{Kind: "review", Start: 0, End: 1 << 20}}
	for _, link := range verbLinks {
		if verbOnly(link) || !verbOnly("新建"+link+"改造") {
			t.Errorf("verb link %s: alone a verb, or not a link", link)
		}
	}
	for _, tail := range verbTails {
		if !verbOnly("建成"+tail) || verbOnly("建成"+tail+"示范点") {
			t.Errorf("verb tail %s: 建成%s is not a verb alone", tail, tail)
		}
		fs := Facts("建成"+tail+"10个示范点。", Context{Identity: annual2020, Sections: review})
		if len(fs) != 1 || fs[0].Fact.Indicator != "示范点" {
			t.Errorf("verb tail %s: %+v", tail, fs)
		}
	}
}
