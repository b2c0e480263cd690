//! Application state and router assembly; `Application` binds the listener
//! so tests can start the real server on port 0 and learn its address.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::{db, directory, seed, web};

/// Shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("seed data: {0}")]
    Seed(#[from] seed::SeedError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    /// Connects, migrates, seeds a new database, and binds the listener.
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        std::fs::create_dir_all(&config.data_dir)?;
        let db = db::connect(&config.database_url()).await?;
        Self::build_with_db(config, db).await
    }

    pub async fn build_with_db(
        config: Config,
        db: DatabaseConnection,
    ) -> Result<Self, StartupError> {
        let applied = db::migrate(&db).await?;
        if applied > 0 {
            tracing::info!(applied, "database migrations applied");
        }
        if seed::database_is_new(&db).await? {
            let report = seed::run(&db).await?;
            tracing::info!(%report, "new database: seed data loaded");
        }
        let listener =
            TcpListener::bind(config.bind)
                .await
                .map_err(|source| StartupError::Bind {
                    addr: config.bind,
                    source,
                })?;
        let state = AppState {
            db,
            config: Arc::new(config),
        };
        Ok(Application {
            listener,
            router: router(state),
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` resolves, then finishes in-flight requests.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
    }
}

/// Every area contributes its own router; cross-cutting layers wrap them all.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(directory::router())
        .merge(web::router())
        .fallback(web::not_found)
        .layer(axum::middleware::from_fn(web::context::middleware))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
