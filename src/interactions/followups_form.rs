//! The small forms of `/follow-ups` (done, snooze, hand over), read into a
//! [`FollowUpChange`] with [`Fields`]. Each carries the version its page
//! showed and the page to come back to.

use chrono::{Days, Months, NaiveDate};
use serde::Deserialize;

use super::store::FollowUpChange;
use crate::entities::user;
use crate::web::forms::{Fields, FormErrors};

/// What every follow-up action sends besides its own fields.
#[derive(Debug, Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub back: String,
    /// Snooze: `week`, `month` or `date` (then `on`).
    #[serde(default)]
    pub by: String,
    #[serde(default)]
    pub on: String,
    /// Hand over: the volunteer's id.
    #[serde(default)]
    pub to: String,
}

impl ActionForm {
    /// Where to go afterwards: the follow-ups page (with its choice) or
    /// the dashboard, else `default`.
    pub fn back_or(&self, default: &str) -> String {
        crate::web::security::local_path(self.back.trim())
            .filter(|b| *b == "/" || b.starts_with("/follow-ups"))
            .unwrap_or(default)
            .to_owned()
    }

    /// The new date of a follow-up due on `due` (if any): a week or a month
    /// after that day, or after today when it is past; or the date given,
    /// which must not be past.
    pub fn snooze(
        &self,
        fields: &mut Fields<'_>,
        due: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Option<FollowUpChange> {
        let base = due.map_or(today, |d| d.max(today));
        let day = match self.by.trim() {
            "week" => base.checked_add_days(Days::new(7)),
            "month" => base.checked_add_months(Months::new(1)),
            "date" => {
                let day = fields.date("on", &self.on);
                fields.not_before("on", day, Some(today), "follow-ups-snooze-past")
            }
            _ => {
                fields.error("by", "error-choice-invalid");
                return None;
            }
        };
        if day.is_none() && !fields.has_error("on") {
            fields.error("on", "error-date-invalid");
        }
        day.map(FollowUpChange::Snooze)
    }

    /// The volunteer chosen among `users`, who must be able to hold it.
    pub fn hand_over(
        &self,
        fields: &mut Fields<'_>,
        users: &[user::Model],
    ) -> Option<FollowUpChange> {
        let chosen = self
            .to
            .trim()
            .parse::<i32>()
            .ok()
            .and_then(|id| users.iter().find(|u| u.id == id))
            .filter(|u| super::store::may_hold_follow_ups(u));
        if chosen.is_none() {
            fields.error("to", "follow-ups-unknown-volunteer");
        }
        chosen.map(|u| FollowUpChange::HandOver(u.id))
    }
}

/// The errors of a refused action, as one message.
pub fn message(errors: &FormErrors) -> String {
    errors
        .iter()
        .map(|(_, message)| message.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderMap;

    use super::*;
    use crate::web::Ctx;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    fn snooze(by: &str, on: &str, due: Option<NaiveDate>) -> Option<FollowUpChange> {
        let ctx = Ctx::from_headers(&HeaderMap::new(), "/".into());
        let mut fields = Fields::new(&ctx);
        let form = ActionForm {
            by: by.into(),
            on: on.into(),
            ..Default::default()
        };
        form.snooze(&mut fields, due, day(2026, 11, 25))
    }

    #[test]
    fn snoozing_counts_from_the_due_date_or_from_today_when_it_is_past() {
        let ahead = Some(day(2026, 12, 5));
        assert_eq!(
            snooze("week", "", ahead),
            Some(FollowUpChange::Snooze(day(2026, 12, 12)))
        );
        assert_eq!(
            snooze("month", "", Some(day(2026, 11, 1))),
            Some(FollowUpChange::Snooze(day(2026, 12, 25)))
        );
        assert_eq!(
            snooze("date", "2027-01-04", ahead),
            Some(FollowUpChange::Snooze(day(2027, 1, 4)))
        );
        assert_eq!(
            snooze("date", "2026-11-01", ahead),
            None,
            "not into the past"
        );
        assert_eq!(snooze("date", "", ahead), None);
        assert_eq!(snooze("year", "", ahead), None);
    }
}
