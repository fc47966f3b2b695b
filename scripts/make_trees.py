#!/usr/bin/env python3
"""Writes the demo indicator trees (Resources/Assessment/*.json) from the outline below.

Points are allocated in half-points from shares so every parent equals the sum of its children.
Re-run after changing the outline; the JSON files are what Fazhi reads."""
import json

# (level-2 title, [(leaf title, share, rule, [(evidence, required)], basis, source)])
AREAS = {
    "职能": ("推进政府职能转变", "权责清单动态调整,放管结合、优化服务落实到位", [
        ("权责清单管理", [
            ("权责清单公布和动态调整", 3, "未公布扣全部分;未按机构职能变化调整的每项扣0.5分", [("权责清单及调整文件", True), ("公布网页截图", True)], "《法治政府建设实施纲要(2021—2025年)》", "self_report"),
            ("事中事后监管“双随机、一公开”", 2, "未制定抽查计划扣1分;抽查结果未公示的每次扣0.5分", [("年度抽查计划", True), ("抽查结果公示", False)], "《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》", "self_report")]),
        ("公共服务供给", [
            ("政府购买服务规范实施", 2, "购买服务未按目录实施的每项扣0.5分", [("购买服务目录", True), ("合同及验收材料", False)], "《政府购买服务管理办法》(财政部令第102号)", "self_report"),
            ("承接主体绩效评价", 1, "未开展评价扣全部分", [("绩效评价报告", True)], "《政府购买服务管理办法》(财政部令第102号)", "third_party")])]),
    "决策": ("科学民主决策", "重大行政决策五项法定程序全面履行", [
        ("决策程序", [
            ("年度重大行政决策事项目录公布", 2, "目录未经同级党委同意或未向社会公布扣全部分", [("决策事项目录", True), ("党委同意文件", True)], "《重大行政决策程序暂行条例》第三条", "self_report"),
            ("公众参与、专家论证、风险评估", 4, "应履行而未履行的每项程序扣1分;公开征求意见少于30日且未说明理由的扣1分", [("征求意见公告及采纳说明", True), ("专家论证意见", False), ("风险评估报告", False)], "《重大行政决策程序暂行条例》第十四条至第二十四条", "self_report"),
            ("合法性审查和集体讨论决定", 4, "未经合法性审查提交讨论的每件扣2分;未经集体讨论决定的每件扣2分", [("合法性审查意见", True), ("会议纪要", True)], "《重大行政决策程序暂行条例》第二十五条至第三十条", "self_report")]),
        ("决策后评估", [
            ("决策后评估开展情况", 2, "符合条件未开展后评估的扣全部分", [("后评估报告", False)], "《重大行政决策程序暂行条例》第三十六条", "self_report")])]),
    "制度": ("制度建设", "行政规范性文件合法、规范、有效", [
        ("规范性文件管理", [
            ("合法性审核率", 4, "未经合法性审核印发的每件扣2分", [("合法性审核意见书", True)], "国办发〔2018〕115号", "register"),
            ("备案及时率", 3, "未按期报送备案的每件扣1分", [("备案登记表", True)], "国办发〔2018〕37号", "register")]),
        ("制度清理", [
            ("规范性文件定期清理和公布", 3, "未开展清理或未公布清理结果扣全部分", [("清理结果目录", True)], "国办发〔2018〕37号", "self_report")])]),
    "公开": ("公开政府信息", "主动公开全面及时,依申请公开依法按时答复", [
        ("主动公开", [
            ("信息形成20个工作日内公开", 3, "抽查发现逾期公开的每条扣0.5分", [("公开目录抽查记录", False)], "《政府信息公开条例》第二十六条", "third_party"),
            ("年度报告按期发布", 2, "未在1月31日前报送并公开扣全部分;格式不符合国办公开办函〔2021〕30号的扣1分", [("年度报告及发布截图", True)], "《政府信息公开条例》第四十九条、第五十条", "self_report")]),
        ("依申请公开", [
            ("依申请公开按时答复率", 5, "每件逾期答复扣1分,扣完为止", [("依申请公开台账", True)], "《政府信息公开条例》第三十三条", "register"),
            ("答复规范性", 2, "答复告知书缺少法律依据或救济途径的每件扣0.5分", [("答复告知书", True)], "《政府信息公开条例》第三十六条", "self_report")])]),
    "执法": ("规范行政执法", "行政执法三项制度全面落实,执法规范公正文明", [
        ("三项制度", [
            ("行政执法公示", 3, "许可、处罚决定未在7个工作日内公示的每件扣0.5分", [("公示网页截图", True)], "国办发〔2018〕118号", "register"),
            ("执法全过程记录", 3, "抽查案卷缺少记录的每卷扣0.5分", [("执法记录清单", True)], "《行政处罚法》第四十七条", "self_report"),
            ("重大执法决定法制审核", 3, "应审核未审核的每件扣1分", [("法制审核意见", True), ("法制审核目录清单", True)], "《行政处罚法》第五十八条", "self_report")]),
        ("执法队伍和案卷", [
            ("执法人员持证上岗和培训", 2, "无证执法的每人次扣1分;培训学时不足的每人扣0.2分", [("执法人员名单", True), ("培训记录", False)], "《行政处罚法》第四十二条", "self_report"),
            ("行政执法案卷评查", 3, "评查不合格案卷每卷扣1分", [("案卷评查结果", True)], "《行政处罚法》第六十条", "third_party")])]),
    "审批": ("行政审批改革", "审批事项精简,政务服务便捷高效", [
        ("审批服务", [
            ("行政许可按法定时限办结", 4, "超过法定期限办结的每件扣1分", [("许可办件台账", True)], "《行政许可法》第四十二条", "register"),
            ("“互联网+政务服务”网上可办率", 4, "网上可办率每低于目标5个百分点扣1分", [("网上办理事项清单", True)], "《国务院关于加快推进“互联网+政务服务”工作的指导意见》", "self_report")])]),
    "复议": ("行政复议和行政诉讼情况", "依法应诉,尊重并执行生效裁判", [
        ("复议与应诉", [
            ("按期提交复议答复和证据", 3, "逾期答复的每件扣1分", [("答复书及送达回证", True)], "《行政复议法》第四十八条", "register"),
            ("行政机关负责人出庭应诉", 4, "负责人应出庭未出庭的每件扣1分", [("出庭应诉统计表", True)], "《行政诉讼法》第三条第三款", "register"),
            ("生效裁判和复议决定履行", 3, "拒不履行的每件扣2分", [("履行情况说明", True)], "《行政诉讼法》第九十四条", "self_report")])]),
    "监督": ("行政监督情况", "自觉接受监督,问题整改到位", [
        ("内外部监督", [
            ("人大代表建议和政协提案按时办复", 4, "超过3个月未答复的每件扣0.5分", [("办理台账及答复函", True)], "《代表法》第五十一条", "register"),
            ("审计发现问题整改", 4, "未按期整改的每项扣1分", [("整改报告", True)], "《审计法》第五十二条", "self_report")])]),
    "能力": ("法治思维培养和依法行政能力建设情况", "领导干部带头尊法学法守法用法", [
        ("学法用法", [
            ("领导班子会前学法", 3, "每少一次扣0.5分,累计不超过3分", [("会议记录", True)], "《法治政府建设实施纲要(2021—2025年)》", "self_report"),
            ("法律顾问作用发挥", 3, "未聘请法律顾问扣全部分;重大事项未听取法律顾问意见的每件扣1分", [("法律顾问聘用合同", True), ("法律意见书", False)], "中办发〔2016〕30号", "self_report"),
            ("年度学法考试参考率", 2, "参考率每低于100%五个百分点扣0.5分", [("考试成绩统计", True)], "《法治宣传教育法》", "register")])]),
    "普法": ("普法", "落实“谁执法谁普法”普法责任制", [
        ("普法责任制", [
            ("普法责任清单制定公布", 3, "未制定或未公布扣全部分", [("普法责任清单", True)], "中办发〔2017〕31号", "self_report"),
            ("以案释法和普法活动", 3, "全年活动少于4次的每少一次扣0.5分", [("活动记录和照片", True)], "《法治宣传教育法》", "self_report"),
            ("群众满意度", 2, "按第三方测评结果折算", [("测评报告", False)], "《法治宣传教育法》", "survey")])]),
}
PILOT = ("基层治理试点", "社区综合党委领导下的居民自治机制有效运行(工作安排(一))", [
    ("社区治理机制", [
        ("社区议事规则制定和实施", 4, "未制定扣全部分;议事未按规则公示的每次扣0.5分", [("议事规则", True), ("议事记录", True)], "《城市居民委员会组织法》", "self_report"),
        ("社区工作人员依法办事培训", 3, "培训少于2期的每少一期扣1.5分", [("培训签到表", True)], "某区20xx年度法治政府建设工作实施方案(一)", "self_report")]),
    ("居民参与", [
        ("居民满意度测评", 3, "按测评结果折算", [("测评报告", False)], "《城市居民委员会组织法》", "survey")])])

def alloc(total_halves, shares):
    s = sum(shares); out = [total_halves * x // s for x in shares]
    out[-1] += total_halves - sum(out)
    return out

def tree(category, title, plan, year=2026, omit=()):
    nodes = []
    for i, (key, points) in enumerate(plan, start=1):
        name, goal, groups = PILOT if key == "试点" else AREAS[key]
        groups = [(g, [l for l in leaves if l[0] not in omit]) for g, leaves in groups]
        nodes.append({"code": f"{i}", "title": name, "goal": goal, "points": points, "evidence": [], "source": "self_report"})
        gshares = [sum(l[1] for l in leaves) for _, leaves in groups]
        for j, ((gtitle, leaves), gh) in enumerate(zip(groups, alloc(int(points * 2), gshares)), start=1):
            nodes.append({"code": f"{i}-{j}", "title": gtitle, "points": gh / 2, "evidence": [], "source": "self_report"})
            for k, ((lt, share, rule, ev, basis, src), lh) in enumerate(zip(leaves, alloc(gh, [l[1] for l in leaves])), start=1):
                nodes.append({"code": f"{i}-{j}-{k}", "title": lt, "points": lh / 2, "rule": rule,
                              "evidence": [{"name": n, "required": r} for n, r in ev], "basis": basis, "source": src})
    for n in nodes:
        if n["points"] == int(n["points"]): n["points"] = int(n["points"])
    return {"year": year, "category": category, "title": title, "version": 1, "total": 100, "nodes": nodes}

dept = [("职能", 10), ("决策", 12), ("制度", 10), ("公开", 12), ("执法", 14), ("审批", 8), ("复议", 10), ("监督", 8), ("能力", 8), ("普法", 8)]
sub = [("试点", 15), ("职能", 8), ("决策", 10), ("制度", 8), ("公开", 12), ("执法", 12), ("审批", 6), ("复议", 9), ("监督", 7), ("能力", 6), ("普法", 7)]
# The previous year: enforcement weighed less, disclosure more, and no satisfaction survey for 普法 yet.
dept25 = [("职能", 10), ("决策", 12), ("制度", 10), ("公开", 14), ("执法", 12), ("审批", 8), ("复议", 10), ("监督", 8), ("能力", 8), ("普法", 8)]
sub25 = [("试点", 15), ("职能", 8), ("决策", 10), ("制度", 8), ("公开", 14), ("执法", 10), ("审批", 6), ("复议", 9), ("监督", 7), ("能力", 6), ("普法", 7)]
for year, name, cat, title, plan, omit in [
        (2026, "department", "department", "区属职能部门法治政府建设考评指标体系", dept, ()),
        (2026, "subdistrict", "subdistrict", "办事处法治政府建设考评指标体系", sub, ()),
        (2025, "department", "department", "区属职能部门法治政府建设考评指标体系", dept25, ("群众满意度",)),
        (2025, "subdistrict", "subdistrict", "办事处法治政府建设考评指标体系", sub25, ("群众满意度",))]:
    t = tree(cat, title, plan, year, omit)
    json.dump(t, open(f"Resources/Assessment/{year}-{name}.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
    print(year, name, len(t["nodes"]), "nodes", sum(1 for n in t["nodes"] if n["code"].count("-") == 2), "leaves")
