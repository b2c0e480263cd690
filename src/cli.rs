//! Command line: `relais serve | migrate | seed`.

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
            std::fs::create_dir_all(&config.data_dir).map_err(|e| e.to_string())?;
            let db = db::connect(&config.database_url())
                .await
                .map_err(|e| e.to_string())?;
            db::migrate(&db).await.map_err(|e| e.to_string())?;
            let report = seed::run(&db).await.map_err(|e| e.to_string())?;
            println!("{report}");
            Ok(())
        }
        Command::Reindex => {
            std::fs::create_dir_all(&config.data_dir).map_err(|e| e.to_string())?;
            let db = db::connect(&config.database_url())
                .await
                .map_err(|e| e.to_string())?;
            db::migrate(&db).await.map_err(|e| e.to_string())?;
            let (engine, _) = crate::app::open_search_engine(&config)
                .await
                .map_err(|e| e.to_string())?;
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
                    .map_err(|e| e.to_string())?
                    .progress_chars("=> "),
            );
            bar.set_message(format!("reindexing ({})", engine.name()));
            let started = std::time::Instant::now();
            let done = crate::search::worker::reindex(&db, engine.as_ref(), |done, total| {
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
            std::fs::create_dir_all(&config.data_dir).map_err(|e| e.to_string())?;
            let db = db::connect(&config.database_url())
                .await
                .map_err(|e| e.to_string())?;
            db::migrate(&db).await.map_err(|e| e.to_string())?;
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
