//! Agenda benchmark: importing a 5,000-event iCalendar file (fresh, then
//! again as a re-import), and serving `/events.ics` over HTTP with 10,000
//! events of which 500 are recurring series, plus the agenda list page.
//!
//! Run: `cargo bench --bench agenda`.

#[allow(dead_code)] // each benchmark uses part of what they share
mod common;

use std::time::{Duration, Instant};

use common::percentile;
use relais::agenda::feed;
use relais::agenda::feed_cache::{FeedCache, Stamp};
use relais::agenda::import;
use relais::agenda::store::AgendaFilter;
use sea_orm::ConnectionTrait;

const EVENTS_PER_FILE: usize = 5_000;
/// One event in twenty repeats: 250 series per file, 500 in the feed.
const RECURRING_EVERY: usize = 20;
const IMPORT_RUNS: usize = 5;
const FEED_RUNS: usize = 50;
const COMMUNES: &[&str] = &[
    "Rennes",
    "Nantes",
    "Lyon",
    "Lille",
    "Bordeaux",
    "Toulouse",
    "Marseille",
    "Strasbourg",
    "Saint-Étienne",
    "Besançon",
];
const TITLES: &[&str] = &[
    "Journée professionnelle des médiathèques",
    "Rencontre du réseau des médiateurs numériques",
    "Formation « vie privée et outils libres »",
    "Congrès des bibliothécaires",
    "Café vie privée",
    "Webinaire inclusion numérique",
];

/// A realistic organiser's file: timed events in Europe/Paris, all-day
/// days, some series with exceptions, folded long lines, non-ASCII text.
fn ics_file(batch: &str) -> String {
    let mut out =
        String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//banc d'essai//relais//FR\r\n");
    for i in 0..EVENTS_PER_FILE {
        let month = 1 + i % 12;
        let day = 1 + i % 28;
        let hour = 9 + i % 8;
        let title = TITLES[i % TITLES.len()];
        let commune = COMMUNES[i % COMMUNES.len()];
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&format!("UID:{batch}-{i}@agenda.example.org\r\n"));
        out.push_str("DTSTAMP:20261101T120000Z\r\n");
        out.push_str(&format!("SUMMARY:{title} n° {i}\r\n"));
        if i % 7 == 0 {
            out.push_str(&format!(
                "DTSTART;VALUE=DATE:2027{month:02}{day:02}\r\nDTEND;VALUE=DATE:2027{month:02}{:02}\r\n",
                day + 1
            ));
        } else {
            out.push_str(&format!(
                "DTSTART;TZID=Europe/Paris:2027{month:02}{day:02}T{hour:02}0000\r\n\
                 DTEND;TZID=Europe/Paris:2027{month:02}{day:02}T{:02}3000\r\n",
                hour + 1
            ));
        }
        if i % RECURRING_EVERY == 0 {
            if i % 40 == 0 {
                out.push_str("RRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH\r\n");
            } else {
                out.push_str("RRULE:FREQ=YEARLY;COUNT=5\r\n");
            }
            out.push_str(&format!("EXDATE;VALUE=DATE:2028{month:02}{day:02}\r\n"));
        }
        out.push_str(&format!(
            "LOCATION:Médiathèque centrale\\, {commune}\r\nCATEGORIES:médiation numérique,vie privée\r\n"
        ));
        out.push_str(
            "DESCRIPTION:Présentation des outils libres et des ateliers reproductibles\r\n  pour les médiateurs numériques\\, bibliothécaires et animateurs d'espaces\r\n  publics numériques.\r\n",
        );
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Time of one in-process render of the whole feed with what `cache` keeps.
async fn time_feed(
    db: &sea_orm::DatabaseConnection,
    cache: &FeedCache,
    address: (&str, &str),
    stamp: &Stamp,
) -> Duration {
    let window = |days: i64| chrono::Utc::now() + chrono::Duration::days(days);
    let started = Instant::now();
    let text = feed::render(
        db,
        cache,
        &AgendaFilter::default(),
        (window(-90), window(5 * 365)),
        address,
        stamp,
    )
    .await
    .expect("feed");
    let elapsed = started.elapsed();
    assert!(text.len() > 1_000_000);
    elapsed
}

#[tokio::main]
async fn main() {
    let first = ics_file("a");
    let second = ics_file("b");
    println!(
        "file: {EVENTS_PER_FILE} events, {} series, {:.1} MB",
        EVENTS_PER_FILE / RECURRING_EVERY,
        first.len() as f64 / 1e6
    );

    println!(
        "\n| import of one {EVENTS_PER_FILE}-event file | median (ms) | min (ms) | max (ms) |\n|---|---|---|---|"
    );
    let mut parse_only = Vec::new();
    let mut fresh = Vec::new();
    let mut again = Vec::new();
    for _ in 0..IMPORT_RUNS {
        let (_dir, db) = common::fresh_database("agenda").await;
        let started = Instant::now();
        import::parse(&first).expect("valid file");
        parse_only.push(started.elapsed());
        let started = Instant::now();
        let report = import::import(&db, &first, None, None, None)
            .await
            .expect("import");
        fresh.push(started.elapsed());
        assert_eq!(report.created, EVENTS_PER_FILE);
        let started = Instant::now();
        let report = import::import(&db, &first, None, None, None)
            .await
            .expect("re-import");
        again.push(started.elapsed());
        assert_eq!(report.created, 0);
    }
    for (label, samples) in [
        ("read and check only", &mut parse_only),
        ("into an empty database (SQLite)", &mut fresh),
        ("again: re-import, nothing changes", &mut again),
    ] {
        samples.sort();
        println!(
            "| {label} | {:.0} | {:.0} | {:.0} |",
            percentile(samples, 0.5),
            millis(samples[0]),
            millis(samples[samples.len() - 1])
        );
    }

    let (dir, db) = common::fresh_database("feed").await;
    for file in [&first, &second] {
        import::import(&db, file, None, None, None)
            .await
            .expect("import");
    }
    // The feed's own work without HTTP, from nothing kept (as after a start).
    let stamp = Stamp::read(&db).await.expect("stamp");
    let address = ("relais.example.org", "https://relais.example.org");
    let mut cold = Vec::new();
    for _ in 0..10 {
        cold.push(time_feed(&db, &FeedCache::default(), address, &stamp).await);
    }
    println!(
        "\nfeed of 10,000 events rendered from nothing kept, in process: p50 {:.1} ms, max {:.1} ms",
        percentile(&mut cold, 0.5),
        percentile(&mut cold, 1.0)
    );
    // The app renders the entries in the background at start
    // (`feed::warm`); the first request then only assembles them.
    let warmed = FeedCache::default();
    let started = Instant::now();
    feed::warm(&db, &warmed, address.0).await.expect("warm");
    let warm_time = started.elapsed();
    let mut first = Vec::new();
    for _ in 0..10 {
        first.push(time_feed(&db, &warmed, address, &stamp).await);
    }
    println!(
        "entries rendered at start (background): {:.1} ms; then the whole feed, in process: p50 {:.1} ms, max {:.1} ms",
        millis(warm_time),
        percentile(&mut first, 0.5),
        percentile(&mut first, 1.0)
    );

    let user = common::create_volunteer(&db).await;
    let token = feed::regenerate_token(&db, user).await.expect("token");
    let base = common::serve(&dir, db.clone()).await;
    let client = common::logged_in_client(&base).await;
    // Let the background search index catch up so it does not share the timing.
    tokio::time::sleep(Duration::from_secs(8)).await;

    let feed_url = format!("{base}/events.ics?token={token}");
    let body = client
        .get(&feed_url)
        .send()
        .await
        .expect("feed")
        .text()
        .await
        .expect("body");
    let entries = body.matches("BEGIN:VEVENT").count();
    let series = body.matches("\r\nRRULE:").count();
    println!(
        "\nfeed: {entries} VEVENTs ({series} with RRULE), {:.1} MB",
        body.len() as f64 / 1e6
    );
    let touch = {
        let db = db.clone();
        move |n: i32| {
            let db = db.clone();
            async move {
                // An edit elsewhere: the next request must render anew.
                let sql = format!(
                    "UPDATE events SET version = version + 1 WHERE id = {}",
                    1 + n % 100
                );
                db.execute_unprepared(&sql).await.expect("touch");
            }
        }
    };
    let etag = client.get(&feed_url).send().await.expect("feed").headers()["etag"]
        .to_str()
        .expect("etag")
        .to_owned();
    let requests: [(&str, String, Option<&str>, bool); 5] = [
        (
            "/events.ics, just after an edit (rendered anew)",
            feed_url.clone(),
            None,
            true,
        ),
        (
            "/events.ics, unchanged (kept rendering)",
            feed_url.clone(),
            None,
            false,
        ),
        (
            "/events.ics, unchanged, If-None-Match (304)",
            feed_url.clone(),
            Some(etag.as_str()),
            false,
        ),
        (
            "/events.ics?kind=congress, after an edit",
            format!("{feed_url}&kind=congress"),
            None,
            true,
        ),
        (
            "/agenda, list of one month (session)",
            format!("{base}/agenda?from=2027-03-01&to=2027-03-31"),
            None,
            false,
        ),
    ];
    println!("\n| request | p50 (ms) | p99 (ms) |\n|---|---|---|");
    for (n, (label, url, tag, after_edit)) in requests.into_iter().enumerate() {
        let mut samples = Vec::with_capacity(FEED_RUNS);
        for run in 0..FEED_RUNS {
            if after_edit {
                touch((n * FEED_RUNS + run) as i32).await;
            }
            let mut request = client.get(&url);
            if let Some(tag) = tag {
                request = request.header("if-none-match", tag);
            }
            let started = Instant::now();
            let response = request.send().await.expect("request");
            assert!(
                response.status().is_success() || response.status() == 304,
                "{label}: {}",
                response.status()
            );
            response.bytes().await.expect("body");
            samples.push(started.elapsed());
        }
        println!(
            "| {label} | {:.1} | {:.1} |",
            percentile(&mut samples, 0.5),
            percentile(&mut samples, 0.99)
        );
    }
}
