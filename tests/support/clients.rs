//! Clients for tests: any API's client pointed at a test server, with test credentials of the
//! kind the API takes and no retries (a test sees exactly one request per call). Shared by
//! every test and by the contract harness (`support/contract.rs`), in this crate and in
//! `fixtures/`.

#![allow(dead_code)]

use datacloud::runtime::{ApiClient, AuthKind, ClientBuilder, Credentials, RetryPolicy};

/// The test token.
pub const TOKEN: &str = "AstraCS:contract-token";
/// The test user name (HTTP Basic).
pub const USER: &str = "contract-user";
/// The test key (HTTP Basic).
pub const KEY: &str = "contract-key";

/// A client of `C` for `base`: test credentials for the API's scheme, no retries.
pub fn client<C: ApiClient>(base: &str) -> C {
    builder::<C>(base).build().expect("client builds")
}

/// The builder behind [`client`], for a test that changes one more setting.
pub fn builder<C: ApiClient>(base: &str) -> ClientBuilder<C> {
    let b = ClientBuilder::<C>::new()
        .base_url(base)
        .retry(RetryPolicy::none());
    match C::API.auth() {
        AuthKind::Basic => b.credentials(Credentials::basic(USER, KEY)),
        AuthKind::Token { .. } => b.credentials(Credentials::token(TOKEN)),
        AuthKind::None => b,
    }
}
