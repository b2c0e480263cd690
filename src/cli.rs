//! Command line: `relais serve | migrate | seed`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use crate::app::Application;
use crate::config::Config;
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
