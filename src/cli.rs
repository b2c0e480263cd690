//! Command line: `relais serve | migrate | seed | reindex | user add |
//! backup | restore | import events`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use tokio::io::AsyncReadExt;

use crate::accounts::{password, store};
use crate::app::Application;
use crate::config::Config;
use crate::entities::Role;
use crate::values::Email;
use crate::{db, seed};

#[derive(Debug, Parser)]
#[command(
    name = "relais",
    version,
    about = "Annuaire et suivi des contacts pour les réseaux de médiation numérique"
)]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web application (migrates and seeds a new database first).
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Load the seed data; rows already present are left as they are.
    Seed,
    /// Rebuild the search index from the database.
    Reindex,
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Write every table to FILE (JSON lines, format in the README).
    Backup { file: std::path::PathBuf },
    /// Restore FILE into an empty database (`--force` replaces its content).
    Restore {
        file: std::path::PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// Import data from a file.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// Events of an iCalendar (.ics) file; a re-import updates by UID.
    Events { file: std::path::PathBuf },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add {
        email: String,
        #[arg(long, value_parser = parse_role, default_value = "volunteer")]
        role: Role,
        /// Name shown in the interface (default: the part before the @).
        #[arg(long)]
        name: Option<String>,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse::<Role>().map_err(|e| e.to_string())
}

pub async fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let cli = Cli::parse();
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("relais: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(cli: Cli) -> Result<(), String> {
    let config = cli.config;
    match cli.command {
        Command::Serve => {
            let app = Application::build(config)
                .await
                .map_err(|e| e.to_string())?;
            let addr = app.local_addr().map_err(|e| e.to_string())?;
            tracing::info!("relais is ready: open http://{addr}");
            app.run_until(shutdown_signal())
                .await
                .map_err(|e| e.to_string())
        }
        Command::Migrate => {
            std::fs::create_dir_all(&config.data_dir).map_err(|e| e.to_string())?;
            let db = db::connect(&config.database_url())
                .await
                .map_err(|e| e.to_string())?;
            let applied = db::migrate(&db).await.map_err(|e| e.to_string())?;
            println!("{applied} migration(s) applied");
            Ok(())
        }
        Command::Seed => {
            let db = open_database(&config).await?;
            let report = seed::run(&db).await.map_err(|e| e.to_string())?;
            println!("{report}");
            Ok(())
        }
        Command::Reindex => {
            let db = open_database(&config).await?;
            reindex(&config, &db).await
        }
        Command::Backup { file } => {
            let db = open_database(&config).await?;
            let out = std::fs::File::create(&file)
                .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
            let mut out = std::io::BufWriter::new(out);
            let bar = progress_bar("backup")?;
            let rows = crate::transfer::backup::write_backup(&db, &mut out, |table, rows| {
                bar.set_message(format!("backup: {table}"));
                bar.set_position(rows);
            })
            .await
            .map_err(|e| e.to_string())?;
            bar.finish_and_clear();
            println!("{rows} rows written to {}", file.display());
            Ok(())
        }
        Command::Restore { file, force } => {
            let db = open_database(&config).await?;
            let input = std::fs::File::open(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let bar = progress_bar("restore")?;
            let report = crate::transfer::backup::restore(
                &db,
                std::io::BufReader::new(input),
                force,
                |rows| bar.set_position(rows),
            )
            .await
            .map_err(|e| e.to_string())?;
            bar.finish_and_clear();
            println!("{} rows restored from {}", report.rows, file.display());
            reindex(&config, &db).await
        }
        Command::Import(ImportCommand::Events { file }) => {
            let db = open_database(&config).await?;
            let text = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let report = crate::agenda::import::import(&db, &text, None, None, None)
                .await
                .map_err(|e| e.to_string())?;
            println!("{}: {report}", file.display());
            for skipped in &report.skipped {
                println!("  {skipped}");
            }
            Ok(())
        }
        Command::User(UserCommand::Add { email, role, name }) => {
            let email =
                Email::parse(&email).map_err(|_| format!("invalid email address: {email}"))?;
            let mut input = String::new();
            tokio::io::stdin()
                .read_to_string(&mut input)
                .await
                .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
            let secret = input.lines().next().unwrap_or_default().to_owned();
            if secret.chars().count() < password::MIN_LENGTH {
                return Err(format!(
                    "the password (standard input) must have at least {} characters",
                    password::MIN_LENGTH
                ));
            }
            let db = open_database(&config).await?;
            let hash = password::hash(secret).await?;
            let display_name = name.unwrap_or_else(|| {
                email
                    .as_str()
                    .split('@')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            });
            let user = store::create(
                &db,
                store::NewUser {
                    email: &email,
                    display_name: &display_name,
                    role,
                    password_hash: Some(hash),
                    actor: None,
                },
            )
            .await
            .map_err(|e| match e {
                store::CreateUserError::DuplicateEmail => format!("{email} already has an account"),
                store::CreateUserError::Database(err) => err.to_string(),
            })?;
            println!(
                "created {} ({}) as {}",
                user.email, user.display_name, user.role
            );
            Ok(())
        }
    }
}

/// The configured database, created and migrated if needed.
async fn open_database(config: &Config) -> Result<sea_orm::DatabaseConnection, String> {
    std::fs::create_dir_all(&config.data_dir).map_err(|e| e.to_string())?;
    let db = db::connect(&config.database_url())
        .await
        .map_err(|e| e.to_string())?;
    db::migrate(&db).await.map_err(|e| e.to_string())?;
    Ok(db)
}

fn progress_bar(message: &str) -> Result<indicatif::ProgressBar, String> {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
            .map_err(|e| e.to_string())?
            .progress_chars("=> "),
    );
    bar.set_message(message.to_owned());
    Ok(bar)
}

/// Rebuilds the search index from the database, with a progress bar.
async fn reindex(config: &Config, db: &sea_orm::DatabaseConnection) -> Result<(), String> {
    let (engine, _) = crate::app::open_search_engine(config)
        .await
        .map_err(|e| e.to_string())?;
    let bar = progress_bar(&format!("reindexing ({})", engine.name()))?;
    let started = std::time::Instant::now();
    let done = crate::search::worker::reindex(db, engine.as_ref(), |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .await
    .map_err(|e| e.to_string())?;
    bar.finish();
    println!(
        "{done} documents indexed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, so in-flight requests can finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
