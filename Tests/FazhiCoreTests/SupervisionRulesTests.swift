import Foundation
import Testing
@testable import FazhiCore

@Suite struct SupervisionRulesTests {
    let calendar = DeadlineFixtures.calendar
    func d(_ s: String) -> LocalDate { LocalDate(s)! }

    @Test func theLadderClimbsByWorkingDaysOverdue() throws {
        let ladder = EscalationLadder.standard  // due soon 3, head at 2, notice at 5
        let due = d("2026-11-26")  // Thursday
        func stage(_ today: String, paused: Bool = false) throws -> EscalationStage? {
            try ladder.stage(due: due, today: d(today), paused: paused, calendar: calendar)
        }
        #expect(try stage("2026-11-20") == nil, "4 working days ahead: not yet")
        #expect(try stage("2026-11-23") == .dueSoon(workdaysLeft: 3))
        #expect(try stage("2026-11-26") == .dueSoon(workdaysLeft: 0), "the due date itself is not overdue")
        #expect(try stage("2026-11-27") == .overdue(workdaysOverdue: 1), "the liaison the day after")
        #expect(try stage("2026-11-29") == .overdue(workdaysOverdue: 1), "the weekend does not count")
        #expect(try stage("2026-11-30") == .head(workdaysOverdue: 2), "the head a working day later")
        #expect(try stage("2026-12-03") == .notice(workdaysOverdue: 5))
        #expect(try stage("2026-12-03", paused: true) == nil, "a paused item is never overdue")
        #expect(EscalationStage.notice(workdaysOverdue: 5).rungs == [.overdue, .head, .notice])
        #expect(EscalationRung.head.recipient == .head && EscalationRung.notice.recipient == .office)
    }

    @Test func holidaysDoNotCountOnTheLadder() throws {
        // Due 2026-09-30; 10-01…10-07 are the National Day holiday (10-08 a working day, Thursday).
        let ladder = EscalationLadder.standard
        #expect(try ladder.stage(due: d("2026-09-30"), today: d("2026-10-07"), paused: false, calendar: calendar) == .overdue(workdaysOverdue: 0))
        #expect(try ladder.stage(due: d("2026-09-30"), today: d("2026-10-09"), paused: false, calendar: calendar) == .head(workdaysOverdue: 2))
        // Due soon across the holiday: from 09-28 the 3 working days ahead reach past the break.
        #expect(try ladder.stage(due: d("2026-10-09"), today: d("2026-09-29"), paused: false, calendar: calendar) == .dueSoon(workdaysLeft: 3))
        #expect(try calendar.adding(workdays: 3, to: d("2026-09-29")) == d("2026-10-09"))
    }

    @Test func theOfficesLadderIsCheckedAsAWhole() throws {
        #expect(try EscalationLadder.parse(dueSoon: "3", headAfter: "2", noticeAfter: "5", reply: "5") == .standard)
        do {
            _ = try EscalationLadder.parse(dueSoon: "x", headAfter: "0", noticeAfter: "5", reply: "99")
            Issue.record("accepted")
        } catch let f as ValidationFailure {
            #expect(f.errors.map(\.field) == ["dueSoon", "headAfter", "reply"])
        }
        #expect(throws: ValidationFailure.self) { try EscalationLadder.parse(dueSoon: "3", headAfter: "5", noticeAfter: "2", reply: "5") }
    }

    @Test func periodsAndReportsAreCheckedAndQuartersAreDueTheTenthAfter() throws {
        let q = PeriodInput.quarters(year: 2026)
        #expect(q.map(\.due) == ["2026-04-10", "2026-07-10", "2026-10-10", "2027-01-10"])
        #expect(q[3].ends == "2026-12-31" && q[1].starts == "2026-04-01")
        do {
            _ = try PeriodInput(name: "第一季度", starts: "2026-01-01", ends: "2025-12-31", due: "2025-12-01").check(planYear: 2026, takenNames: ["第一季度"])
            Issue.record("accepted")
        } catch let f as ValidationFailure {
            #expect(f.errors.map(\.field) == ["name", "ends", "due"])
        }
        do {
            _ = try PeriodInput(name: "二月", starts: "2026-02-01", ends: "2026-02-30", due: "2026-03-10").check(planYear: 2026, takenNames: [])
            Issue.record("accepted")
        } catch let f as ValidationFailure {
            #expect(f.errors.map(\.message) == ["截止日期“2026-02-30”不存在:2026 年 2 月只有 28 天"])
        }
        #expect(try ReportingRules.check(progress: "60", text: "推进中") == 60)
        #expect(throws: ValidationFailure.self) { try ReportingRules.check(progress: "120", text: "") }
        #expect(
            ReportingRules.isExpected(
                taskStart: d("2026-03-01"), completedOn: nil, cancelled: false, periodStarts: d("2026-01-01"), periodEnds: d("2026-03-31")))
        #expect(
            !ReportingRules.isExpected(
                taskStart: d("2026-05-01"), completedOn: nil, cancelled: false, periodStarts: d("2026-01-01"), periodEnds: d("2026-03-31")))
        #expect(
            !ReportingRules.isExpected(
                taskStart: d("2026-01-01"), completedOn: d("2026-03-30"), cancelled: false, periodStarts: d("2026-04-01"), periodEnds: d("2026-06-30")
            ))
        #expect(ReportingRules.state(submittedOn: nil, due: d("2026-10-10"), today: d("2026-10-12")) == .missing)
        #expect(ReportingRules.state(submittedOn: d("2026-10-13"), due: d("2026-10-10"), today: d("2026-10-20")) == .late)
    }

    @Test func robotBodiesFollowTheWeComAndDingTalkFormats() throws {
        let wecom = try JSONSerialization.jsonObject(with: RobotMessage.wecom(title: "每日提醒", lines: ["- 任务逾期"])) as! [String: Any]
        #expect(wecom["msgtype"] as? String == "markdown")
        #expect((wecom["markdown"] as? [String: String])?["content"] == "### 每日提醒\n- 任务逾期")
        let ding = try JSONSerialization.jsonObject(with: RobotMessage.dingtalk(title: "每日提醒", lines: ["a", "b"])) as! [String: Any]
        #expect((ding["markdown"] as? [String: String])?["title"] == "每日提醒")
        let long = RobotMessage.wecom(title: "t", lines: Array(repeating: String(repeating: "逾", count: 100), count: 100))
        let content = ((try JSONSerialization.jsonObject(with: long) as! [String: Any])["markdown"] as! [String: String])["content"]!
        #expect(content.utf8.count <= 4096 && content.hasSuffix("(其余事项请登录系统查看)"), "WeCom's 4096-byte limit")
        #expect(RobotMessage.accepted(status: 200, body: Data(#"{"errcode":0,"errmsg":"ok"}"#.utf8)))
        #expect(!RobotMessage.accepted(status: 200, body: Data(#"{"errcode":93000,"errmsg":"invalid webhook url"}"#.utf8)))
        #expect(!RobotMessage.accepted(status: 502, body: Data()))
        #expect(
            RobotMessage.dingtalkSignedURL("https://oapi.dingtalk.com/robot/send?access_token=x", timestampMS: 1, signature: Data([0xFB, 0xFF]))
                == "https://oapi.dingtalk.com/robot/send?access_token=x&timestamp=1&sign=%2B%2F8%3D")
    }

    @Test func mailIsUTF8WithAnEncodedSubjectAndAStableMessageID() {
        let mail = MailMessage(
            from: "fazhi@example.gov.cn", to: "a@example.gov.cn", subject: "法治督办每日汇总", text: "第一行\n.第二行",
            messageID: "abc@fazhi", date: Date(timeIntervalSince1970: 1_795_665_600))
        let text = mail.rendered()
        #expect(text.contains("Subject: =?UTF-8?B?" + Data("法治督办每日汇总".utf8).base64EncodedString() + "?="))
        #expect(text.contains("Message-ID: <abc@fazhi>") && text.contains("Date: Thu, 26 Nov 2026 12:00:00 +0800"))
        let body = text.components(separatedBy: "\r\n\r\n")[1].replacingOccurrences(of: "\r\n", with: "")
        #expect(String(decoding: Data(base64Encoded: body)!, as: UTF8.self) == "第一行\r\n.第二行")
        #expect(
            MailMessage.isAddress("liaison@unit.gov.cn") && !MailMessage.isAddress("no at") && !MailMessage.isAddress("a@b")
                && !MailMessage.isAddress("<a@b.cn>"))
    }

    @Test func backoffDoublesUpToAnHourThenGivesUp() {
        let b = Backoff(baseSeconds: 60, maxAttempts: 8)
        #expect((1...7).map { b.delay(afterAttempt: $0)! } == [60, 120, 240, 480, 960, 1920, 3600])
        #expect(b.delay(afterAttempt: 8) == nil)
    }

    @Test func channelsNeedAWebhookAddress() throws {
        #expect(try ChannelInput.check(kind: "dingtalk", url: " https://oapi.dingtalk.com/robot/send?access_token=t ", secret: "SEC1").2 == "SEC1")
        do {
            _ = try ChannelInput.check(kind: "email", url: "ftp://x", secret: "s")
            Issue.record("accepted")
        } catch let f as ValidationFailure {
            #expect(f.errors.map(\.field) == ["kind", "url", "secret"])
        }
    }
}
