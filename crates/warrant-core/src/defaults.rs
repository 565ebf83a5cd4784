//! The contracts a new registry starts with (SPEC §10): one template per named
//! workflow category and the article's three example contracts. They are
//! warrant/v1 files under `contracts/`, embedded at build time.
