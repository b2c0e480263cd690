//! The application's clock: every "now" and "today" of relais comes from
//! here, never from `Utc::now()` directly.
//!
//! `AppState` holds one [`Clock`] (the system's time in production). The
//! request middleware and the background tasks the app starts run inside
//! [`Clock::scope`], so deep code (stores, audit rows, the versioned update)
//! asks [`now`] and [`today`] without a clock being threaded through every
//! signature — the way a tracing span is ambient. Tests start the server on
//! a pinned clock (a given instant that then runs on, or advances by hand),
//! so what a test computes in process and what the server answers over
//! HTTP agree on the date, whatever day the tests run.
//!
//! Outside any scope (command-line commands, unit tests) the system's time
//! is used. A task spawned from a request must carry the clock along:
//! `tokio::spawn(clock::current().scope(work))`.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// `None`: the system's time. `Some`: a pinned clock.
    pinned: Option<Arc<Pinned>>,
}

#[derive(Debug)]
struct Pinned {
    /// The instant the clock was set to, and when (system time) it was set.
    start: DateTime<Utc>,
    set_at: DateTime<Utc>,
    /// Milliseconds added by [`Clock::advance`].
    advanced_ms: AtomicI64,
    /// A frozen clock does not run on with the system's time.
    frozen: bool,
}

impl Clock {
    /// The system's time.
    pub fn system() -> Clock {
        Clock { pinned: None }
    }

    /// A clock that reads `start` now and then runs on at the system's pace
    /// (time still passes: sessions, retry delays and orderings behave).
    pub fn starting_at(start: DateTime<Utc>) -> Clock {
        Clock::pinned(start, false)
    }

    /// A clock that stays at `at` until [`Clock::advance`]d.
    pub fn frozen_at(at: DateTime<Utc>) -> Clock {
        Clock::pinned(at, true)
    }

    /// A clock starting on `day` at 10:00 in Paris.
    pub fn starting_on(day: NaiveDate) -> Clock {
        Clock::starting_at(paris_instant(
            day,
            NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
        ))
    }

    fn pinned(start: DateTime<Utc>, frozen: bool) -> Clock {
        Clock {
            pinned: Some(Arc::new(Pinned {
                start,
                set_at: Utc::now(),
                advanced_ms: AtomicI64::new(0),
                frozen,
            })),
        }
    }

    /// Reads a test clock setting: `2031-06-15` (10:00 in Paris) or an
    /// RFC 3339 instant. `None` when the text is neither.
    pub fn parse_setting(text: &str) -> Option<Clock> {
        let text = text.trim();
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Clock::starting_on(day));
        }
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|at| Clock::starting_at(at.with_timezone(&Utc)))
    }

    pub fn is_system(&self) -> bool {
        self.pinned.is_none()
    }

    /// The current instant, to the microsecond: PostgreSQL keeps no more,
    /// so what SQLite stores is the same and a backup moved between the two
    /// comes back byte for byte.
    pub fn now(&self) -> DateTime<Utc> {
        use chrono::SubsecRound;
        self.precise_now().trunc_subsecs(6)
    }

    fn precise_now(&self) -> DateTime<Utc> {
        match &self.pinned {
            None => Utc::now(),
            Some(p) => {
                let ran = if p.frozen {
                    chrono::Duration::zero()
                } else {
                    Utc::now() - p.set_at
                };
                let advanced =
                    chrono::Duration::milliseconds(p.advanced_ms.load(Ordering::Relaxed));
                p.start + ran + advanced
            }
        }
    }

    /// Today's date in Paris (not in UTC: late evening is still "today").
    pub fn today(&self) -> NaiveDate {
        crate::web::format::paris_date(self.now())
    }

    /// Moves a pinned clock forward (tests: "three days later"). The
    /// system's clock cannot be moved; asking is a programming error.
    pub fn advance(&self, by: chrono::Duration) {
        match &self.pinned {
            Some(p) => {
                p.advanced_ms
                    .fetch_add(by.num_milliseconds(), Ordering::Relaxed);
            }
            None => debug_assert!(false, "the system clock cannot be advanced"),
        }
    }

    /// Runs `work` with this clock as the ambient one.
    pub fn scope<F: Future>(&self, work: F) -> impl Future<Output = F::Output> + use<F> {
        CURRENT.scope(self.clone(), work)
    }
}

tokio::task_local! {
    static CURRENT: Clock;
}

/// The ambient clock (the system's outside any scope).
pub fn current() -> Clock {
    CURRENT.try_with(Clock::clone).unwrap_or_default()
}

/// The ambient clock's instant.
pub fn now() -> DateTime<Utc> {
    CURRENT
        .try_with(Clock::now)
        .unwrap_or_else(|_| Clock::system().now())
}

/// The ambient clock's date in Paris.
pub fn today() -> NaiveDate {
    crate::web::format::paris_date(now())
}

/// `day` at `time` in Paris as an instant (the earlier one in the autumn
/// overlap, the next valid minute in the spring gap).
pub fn paris_instant(day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = day.and_time(time);
    Paris
        .from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            Paris
                .from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn a_pinned_clock_reads_its_day_in_paris_and_advances() {
        let clock = Clock::starting_on(day(2031, 6, 15));
        assert_eq!(clock.today(), day(2031, 6, 15));
        clock.advance(chrono::Duration::days(3));
        assert_eq!(clock.today(), day(2031, 6, 18));
    }

    #[test]
    fn late_evening_in_paris_is_still_today() {
        // 22:30 UTC on 31 December is 23:30 in Paris: still the 31st there...
        let evening = Utc.with_ymd_and_hms(2030, 12, 31, 22, 30, 0).unwrap();
        assert_eq!(Clock::frozen_at(evening).today(), day(2030, 12, 31));
        // ...and 23:30 UTC is already the 1st of January in Paris.
        let later = Utc.with_ymd_and_hms(2030, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(Clock::frozen_at(later).today(), day(2031, 1, 1));
    }

    #[test]
    fn settings_are_a_day_or_an_instant() {
        let by_day = Clock::parse_setting("2031-06-15").expect("a day");
        assert_eq!(by_day.today(), day(2031, 6, 15));
        let by_instant = Clock::parse_setting("2031-06-15T23:30:00Z").expect("an instant");
        assert_eq!(by_instant.today(), day(2031, 6, 16));
        assert!(Clock::parse_setting("demain").is_none());
    }

    #[tokio::test]
    async fn the_scoped_clock_is_the_ambient_one() {
        let clock = Clock::frozen_at(Utc.with_ymd_and_hms(2031, 6, 15, 8, 0, 0).unwrap());
        let inside = clock
            .scope(async { (today(), current().is_system()) })
            .await;
        assert_eq!(inside, (day(2031, 6, 15), false));
        assert!(current().is_system(), "outside a scope: the system's time");
    }
}
