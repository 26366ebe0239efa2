-- 民主生活会 情况报告 (issue 11, area life): the day a leadership life meeting's report was sent to the higher level
-- and an optional note naming the document or file. Due within 15 days of the meeting ([S, local],
-- life.leadershipLifeReportDays); recorded after the meeting, by the organisation.
alter table meeting add column report_sent_on date;
alter table meeting add column report_note text not null default '' check (length(report_note) <= 500);
alter table meeting add constraint meeting_report_after check (report_sent_on is null or report_sent_on >= held_on);
