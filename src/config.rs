//! The one typed configuration, loaded in one place (flags and environment,
//! see README's table). Everything else receives a `Config`, never reads the
//! environment itself.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Directory holding the SQLite file and the embedded search index.
    #[arg(long, env = "RELAIS_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// `sqlite://…` or `postgres://…`; default: `relais.sqlite` in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Address the web server listens on.
    #[arg(
        long,
        env = "RELAIS_BIND",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub bind: SocketAddr,

    /// Public address (e.g. `https://relais.example.org`), for links in
    /// invitations and feeds; an `https` URL also makes cookies `Secure`.
    #[arg(long, env = "RELAIS_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// A session ends after this many hours without use.
    #[arg(
        long,
        env = "RELAIS_SESSION_IDLE_HOURS",
        default_value_t = 72,
        global = true
    )]
    pub session_idle_hours: i64,

    /// Meilisearch server to use instead of the embedded search index.
    #[arg(long, env = "MEILI_URL", global = true)]
    pub meili_url: Option<String>,

    /// API key of the Meilisearch server.
    #[arg(long, env = "MEILI_MASTER_KEY", global = true, hide_env_values = true)]
    pub meili_master_key: Option<String>,

    /// Name of the Meilisearch index.
    #[arg(long, env = "MEILI_INDEX", default_value = "relais", global = true)]
    pub meili_index: String,

    /// A session ends this many days after login, used or not.
    #[arg(
        long,
        env = "RELAIS_SESSION_MAX_DAYS",
        default_value_t = 30,
        global = true
    )]
    pub session_max_days: i64,

    /// Followed iCalendar feeds are read again after this many minutes.
    #[arg(
        long,
        env = "RELAIS_FEED_REFRESH_MINUTES",
        default_value_t = 360,
        global = true
    )]
    pub feed_refresh_minutes: i64,

    /// Lets followed feeds be read from private addresses (loopback, local
    /// network, link-local…): for an agenda on an intranet. Off, a feed
    /// reaching inside the server's network is refused (default: off).
    #[arg(long, env = "RELAIS_FEEDS_ALLOW_PRIVATE", global = true)]
    pub feeds_allow_private: bool,

    /// Lets webhooks be delivered to private addresses (a receiver on the
    /// same host or local network). Off, such an address is refused when
    /// registered and when delivered to (default: off).
    #[arg(long, env = "RELAIS_WEBHOOKS_ALLOW_PRIVATE", global = true)]
    pub webhooks_allow_private: bool,

    /// Queues webhook deliveries without sending any from this instance:
    /// for a copy of a live database (a trial or staging instance) that
    /// must not tell the live receivers, or while a receiver is down for
    /// a while. Deliveries wait, and go when an instance without it runs.
    #[arg(long, env = "RELAIS_WEBHOOKS_PAUSED", global = true)]
    pub webhooks_paused: bool,

    /// How often each instance looks for webhook deliveries that are due
    /// (retries, and changes made through other instances); a change made
    /// through this instance is sent at once.
    #[arg(skip = std::time::Duration::from_secs(5))]
    pub webhook_poll: std::time::Duration,

    /// How often each instance looks for mandates that have ended (see
    /// `campaign::mandates`); a saved role or organisation is looked at
    /// at once.
    #[arg(skip = std::time::Duration::from_secs(15 * 60))]
    pub mandates_poll: std::time::Duration,

    /// Reverse proxies whose `X-Forwarded-For` is believed (addresses or
    /// CIDR ranges, comma-separated, e.g. `127.0.0.1,10.0.0.0/8`); without
    /// it the client address is the connection's, never a header's.
    #[arg(long, env = "RELAIS_TRUSTED_PROXIES", global = true)]
    pub trusted_proxies: Option<String>,

    /// Requests one API token may make per minute (counted in the
    /// database, so across instances); past it the API answers 429.
    #[arg(
        long,
        env = "RELAIS_API_REQUESTS_PER_MINUTE",
        default_value_t = 600,
        global = true
    )]
    pub api_requests_per_minute: i32,

    /// Directory of the reference places (`communes.csv`, `epci.csv`):
    /// loaded in the background at start when no commune is known yet
    /// (see `geo::load`); `relais geo load DIR` loads them on demand.
    #[arg(
        long,
        env = "RELAIS_GEO_DIR",
        default_value = "../shared/data/geo",
        global = true
    )]
    pub geo_dir: Option<PathBuf>,

    /// The clock the app reads "now" and "today" from: the system's, except
    /// in tests, which pin it (never set from the command line).
    #[arg(skip)]
    pub clock: crate::clock::Clock,
}

impl Config {
    /// A configuration for a data directory, with the embedded defaults.
    pub fn for_data_dir(data_dir: impl Into<PathBuf>) -> Self {
        Config {
            data_dir: data_dir.into(),
            database_url: None,
            bind: SocketAddr::from(([127, 0, 0, 1], 3000)),
            public_url: None,
            session_idle_hours: 72,
            session_max_days: 30,
            meili_url: None,
            meili_master_key: None,
            meili_index: "relais".into(),
            feed_refresh_minutes: 360,
            feeds_allow_private: false,
            webhooks_allow_private: false,
            webhooks_paused: false,
            webhook_poll: std::time::Duration::from_secs(5),
            mandates_poll: std::time::Duration::from_secs(15 * 60),
            trusted_proxies: None,
            api_requests_per_minute: 600,
            // Tests and embedders load places themselves (`geo::load_dir`).
            geo_dir: None,
            clock: crate::clock::Clock::system(),
        }
    }

    /// The trusted proxies' ranges; entries that are not addresses or
    /// ranges are ignored (and said so in the log at start).
    pub fn trusted_proxies(&self) -> Vec<crate::web::security::IpRange> {
        self.trusted_proxies
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .filter_map(crate::web::security::IpRange::parse)
            .collect()
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("relais.sqlite").display()
            ),
        }
    }
}
