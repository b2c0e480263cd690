//! Import speed: 100,000 generated rows (time and peak memory), the
//! national library list (15,779 rows, duplicate detection on) into a
//! fresh seeded database and again (all unchanged), and SQLite's own
//! `.import` of the same file as the floor.
//!
//! Run: `cargo bench --bench import` (release build; the library list is
//! read from `../shared/data`, skipped with a note when absent).

#[allow(dead_code)] // each benchmark uses part of what they share
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use relais::transfer::import;

const RUNS: usize = 5;

async fn import_file(db: &sea_orm::DatabaseConnection, path: &Path) -> (Duration, import::Report) {
    let plan = common::organisations_plan(path);
    let started = Instant::now();
    let table = import::source::open(path).expect("file opens");
    let report = import::commit(db, table, &plan, |_| {})
        .await
        .expect("import");
    (started.elapsed(), report)
}

/// Peak resident memory of this process so far, in MB (Linux).
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn generated_file(dir: &Path, rows: usize) -> PathBuf {
    use std::io::Write;
    let path = dir.join("generated.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).expect("file"));
    writeln!(
        out,
        "nom;type;adresse;code_postal;commune;site_web;courriel;identifiant"
    )
    .unwrap();
    for i in 0..rows {
        writeln!(
            out,
            "Médiathèque numéro {i};Médiathèque;{} rue de la République;{:05};Commune {};https://mediatheque-{i}.example.fr;contact{i}@mediatheque.example.fr;G{i}",
            i % 200 + 1,
            1000 + (i * 7) % 94_000,
            i % 5_000
        )
        .unwrap();
    }
    out.flush().unwrap();
    path
}

fn median(samples: &mut [Duration]) -> f64 {
    common::percentile(samples, 0.5)
}

#[tokio::main]
async fn main() {
    // First, alone in the process: the peak memory measured is the import's.
    let (dir, db) = common::fresh_database("generated").await;
    let generated = generated_file(dir.path(), 100_000);
    let before = peak_memory_mb();
    let (took, report) = import_file(&db, &generated).await;
    println!(
        "100,000 generated rows: {:.2} s, {} created; peak memory {:.0} MB (before: {:.0} MB)",
        took.as_secs_f64(),
        report.created,
        peak_memory_mb().unwrap_or(0.0),
        before.unwrap_or(0.0)
    );
    drop(db);
    drop(dir);

    let Some(library) = common::library_list() else {
        return;
    };
    let mut first = Vec::new();
    let mut again = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        let (_dir, db) = common::fresh_database("library").await;
        let (took, report) = import_file(&db, &library).await;
        first.push(took);
        let (took_again, report_again) = import_file(&db, &library).await;
        again.push(took_again);
        assert_eq!(report_again.created, 0, "a re-import creates nothing");
        last = Some(report);
    }
    let report = last.expect("runs");
    println!(
        "library list, {} rows ({} created, {} duplicates, {} errors): median {:.0} ms (min {:.0}, max {:.0})",
        report.rows,
        report.created,
        report.duplicates,
        report.errors,
        median(&mut first),
        first.iter().min().unwrap().as_secs_f64() * 1000.0,
        first.iter().max().unwrap().as_secs_f64() * 1000.0,
    );
    println!(
        "library list again (all unchanged): median {:.0} ms",
        median(&mut again)
    );

    // The floor: sqlite3's own CSV import of the same file into one table.
    let mut floor = Vec::new();
    for _ in 0..RUNS {
        let dir = tempfile::tempdir().expect("dir");
        let started = Instant::now();
        let status = std::process::Command::new("sqlite3")
            .arg(dir.path().join("floor.sqlite"))
            .args([".mode csv", ".separator ;"])
            .arg(format!(".import {} bibliotheques", library.display()))
            .status();
        match status {
            Ok(s) if s.success() => floor.push(started.elapsed()),
            _ => {
                println!("note: sqlite3 not available, floor skipped");
                return;
            }
        }
    }
    println!(
        "sqlite3 .import of the same file (floor): median {:.0} ms",
        median(&mut floor)
    );
}
