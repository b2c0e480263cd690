//! Saved views: a list's filter (directory, people, contact log, agenda),
//! with its sort, saved under a name — for its author, or shared with the
//! team. A view is a bookmarkable address (`/views/{id}`) that leads to
//! the list as it was filtered. Owns `saved_views`.

mod routes;
pub mod store;
mod views;

pub use routes::routes;

/// The lists whose filter can be saved, and the name of each.
pub const LISTS: &[(&str, &str)] = &[
    ("/organisations", "nav-directory"),
    ("/people", "nav-people"),
    ("/interactions", "nav-contact-log"),
    ("/agenda", "nav-agenda"),
];

/// Whether a path is one of [`LISTS`].
pub fn savable(path: &str) -> bool {
    LISTS.iter().any(|(p, _)| *p == path)
}

pub use views::save_form;
