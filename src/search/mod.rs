//! Search: one contract over organisations, people, events and kits, with an
//! embedded engine and a Meilisearch adapter. So far: the outbox, through
//! which every write asks for an index update in its own transaction.

pub mod outbox;
