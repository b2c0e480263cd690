//! Application state and router assembly; `Application` binds the listener
//! so tests can start the real server on port 0 and learn its address.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::Router;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;

use crate::accounts::csrf::CsrfKey;
use crate::accounts::sessions::{Lifetimes, SessionCache};
use crate::agenda::feed_cache::FeedCache;
use crate::clock::Clock;
use crate::config::Config;
use crate::search::embedded::EmbeddedEngine;
use crate::search::meili::MeiliEngine;
use crate::search::worker::SearchHandle;
use crate::search::{SearchEngine, SearchError};
use crate::web::Routes;
use crate::{
    accounts, agenda, api, audit, campaign, dashboard, db, directory, interactions, people, search,
    seed, transfer, web, workshops,
};

/// Shared by every handler; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub lifetimes: Lifetimes,
    pub search: SearchHandle,
    /// Rendered `/events.ics` feeds, kept while the agenda is unchanged.
    pub feeds: Arc<FeedCache>,
    /// Imports started from the web, by token.
    pub imports: Arc<crate::transfer::import::jobs::Jobs>,
    /// Where "now" and "today" come from (see [`crate::clock`]).
    pub clock: Clock,
    /// The secret CSRF tokens are computed with (shared through the database).
    pub csrf: CsrfKey,
    /// Sessions resolved in the last seconds (see [`SessionCache`]).
    pub sessions: Arc<SessionCache>,
    /// Directory list pages, kept while the directory is unchanged.
    pub directory: Arc<crate::directory::cache::ListCache>,
    /// Wakes this instance's webhook sender after a write.
    pub webhooks: Arc<tokio::sync::Notify>,
    /// Wakes this instance's watch on ended mandates after a write.
    pub mandates: Arc<tokio::sync::Notify>,
    /// Régions and départements (reference data, read once).
    geography: Arc<tokio::sync::OnceCell<Arc<crate::geography::Geography>>>,
    /// Set once a user exists (users are disabled, never all deleted), so
    /// the guard stops asking the database.
    users_exist: Arc<AtomicBool>,
}

impl AppState {
    pub fn new(
        db: DatabaseConnection,
        config: Config,
        search: SearchHandle,
        csrf: CsrfKey,
    ) -> Self {
        let lifetimes = Lifetimes {
            idle: chrono::Duration::hours(config.session_idle_hours.max(1)),
            absolute: chrono::Duration::days(config.session_max_days.max(1)),
        };
        AppState {
            clock: config.clock.clone(),
            csrf,
            sessions: Arc::default(),
            directory: Arc::default(),
            webhooks: Arc::default(),
            mandates: Arc::default(),
            geography: Arc::default(),
            db,
            config: Arc::new(config),
            lifetimes,
            search,
            feeds: Arc::default(),
            imports: Arc::default(),
            users_exist: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Régions and départements, read from the database once: they are
    /// reference data, written only when a new database is seeded.
    pub async fn geography(&self) -> Result<Arc<crate::geography::Geography>, sea_orm::DbErr> {
        self.geography
            .get_or_try_init(|| async { crate::geography::load(&self.db).await.map(Arc::new) })
            .await
            .cloned()
    }

    pub async fn has_users(&self) -> bool {
        if self.users_exist.load(Ordering::Relaxed) {
            return true;
        }
        let exists = accounts::guard::any_user(self).await;
        if exists {
            self.users_exist.store(true, Ordering::Relaxed);
        }
        exists
    }

    /// The address users reach the app at: `RELAIS_PUBLIC_URL`, else the
    /// request's host (for links in invitations and feed addresses).
    pub fn base_url(&self, headers: &axum::http::HeaderMap) -> String {
        let base = self.config.public_url.clone().unwrap_or_else(|| {
            let host = headers
                .get("host")
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            format!("http://{host}")
        });
        base.trim_end_matches('/').to_owned()
    }

    /// After a request that wrote: the change stamps are read again at the
    /// next request (see [`crate::changes`]).
    pub fn changes_written(&self) {
        self.sessions.expire();
        self.directory.expire();
        self.webhooks.notify_one();
        self.mandates.notify_one();
    }

    pub fn users_exist(&self) {
        self.users_exist.store(true, Ordering::Relaxed);
    }
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
    #[error("search index: {0}")]
    Search(#[from] SearchError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The engine the configuration asks for: Meilisearch when `MEILI_URL` is
/// set, else the embedded index under the data directory. The flag says
/// whether the index must be rebuilt from the database.
pub async fn open_search_engine(
    config: &Config,
) -> Result<(Arc<dyn SearchEngine>, bool), SearchError> {
    match config.meili_url.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(url) => {
            let engine =
                MeiliEngine::connect(url, config.meili_master_key.as_deref(), &config.meili_index)?;
            // A server that is down must not stop the app: the outbox waits.
            if let Err(err) = engine.apply_settings().await {
                tracing::warn!(%err, "Meilisearch settings not applied yet");
            }
            Ok((Arc::new(engine), false))
        }
        None => {
            let dir = EmbeddedEngine::path_in(&config.data_dir);
            let engine = tokio::task::spawn_blocking(move || EmbeddedEngine::open(&dir))
                .await
                .map_err(|e| SearchError::Index(e.to_string()))??;
            let rebuild = engine.needs_rebuild();
            Ok((Arc::new(engine), rebuild))
        }
    }
}

/// The feed's entries are rendered in the background at start, so the
/// first calendar to poll afterwards is served like the others.
fn warm_feed(state: &AppState) {
    let (db, feeds) = (state.db.clone(), state.feeds.clone());
    let public_url = state.config.public_url.clone();
    tokio::spawn(state.clock.scope(async move {
        let host = agenda::feed::uid_domain(public_url.as_deref());
        match agenda::feed::warm(&db, &feeds, host).await {
            Ok(n) => tracing::info!(events = n, "calendar feed entries rendered"),
            Err(err) => tracing::warn!(%err, "calendar feed entries not rendered ahead"),
        }
    }));
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
        let (engine, rebuild) = open_search_engine(&config).await?;
        Self::build_with_engine(config, db, engine, rebuild).await
    }

    /// Builds the application over a given search engine (tests use this to
    /// put the engine through an outage).
    pub async fn build_with_engine(
        config: Config,
        db: DatabaseConnection,
        engine: Arc<dyn SearchEngine>,
        rebuild_index: bool,
    ) -> Result<Self, StartupError> {
        let clock = config.clock.clone();
        clock
            .scope(Self::start(config, db, engine, rebuild_index))
            .await
    }

    /// Everything of [`Application::build_with_engine`], inside the clock's
    /// scope; the tasks it starts carry the clock along.
    async fn start(
        config: Config,
        db: DatabaseConnection,
        engine: Arc<dyn SearchEngine>,
        rebuild_index: bool,
    ) -> Result<Self, StartupError> {
        let clock = config.clock.clone();
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
        let search = SearchHandle::new(engine);
        let empty_index = search.engine.count().await.map(|n| n == 0).unwrap_or(false);
        // The worker rebuilds in the background: the app answers at once,
        // search fills up.
        search.spawn_worker(db.clone(), &clock, rebuild_index || empty_index);
        agenda::subscriptions::spawn(db.clone(), &config, &clock);
        let csrf = CsrfKey::load_or_create(&db).await?;
        let state = AppState::new(db, config, search, csrf);
        warm_feed(&state);
        crate::campaign::mandates::run(&state.db, crate::clock::today()).await?;
        crate::campaign::mandates::spawn(
            state.db.clone(),
            state.config.mandates_poll,
            &clock,
            state.mandates.clone(),
        );
        if state.config.webhooks_paused {
            tracing::info!("webhook deliveries paused on this instance: queued, not sent");
        } else {
            crate::webhooks::delivery::spawn(
                state.db.clone(),
                &state.config,
                &clock,
                state.webhooks.clone(),
            );
        }
        if let Some(dir) = &state.config.geo_dir {
            crate::geo::load::spawn_at_start(state.db.clone(), dir.clone(), &clock);
        }
        transfer::import::jobs::spawn_sweeper(
            state.imports.clone(),
            state.db.clone(),
            &state.config.data_dir,
            &clock,
        );
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
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await
    }
}

/// Every request runs with the application's clock as the ambient one.
async fn clock_scope(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    state.clock.scope(next.run(request)).await
}

/// Every route of the application, area by area (tests walk this list).
pub fn routes() -> Routes {
    Routes::new()
        .merge(dashboard::routes())
        .merge(directory::routes())
        .merge(people::routes())
        .merge(agenda::routes())
        .merge(transfer::routes())
        .merge(interactions::routes())
        .merge(campaign::routes())
        .merge(workshops::routes())
        .merge(search::routes())
        .merge(accounts::routes())
        .merge(audit::routes())
        .merge(api::routes())
        .merge(crate::webhooks::routes())
        .merge(crate::geo::routes())
        .merge(crate::saved_views::routes())
        .merge(web::routes())
}

/// The routes wrapped in the cross-cutting layers: the accounts guard
/// (context, login, roles, CSRF) sees every request but the API's, which
/// `api::auth` sees instead.
pub fn router(state: AppState) -> Router {
    routes()
        .into_router()
        .fallback(web::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::once::middleware,
        ))
        // The API's own guard (bearer tokens), for `/api/…` only…
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::auth::middleware,
        ))
        // …which the accounts guard lets through.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            accounts::guard::middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            clock_scope,
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            web::security::panic_response,
        ))
        .layer(axum::middleware::from_fn(web::security::headers))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
