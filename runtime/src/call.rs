//! Sending a built request and decoding its answer: the futures that generated request
//! builders return.
//!
//! A builder turns its arguments into a [`Request`] synchronously, then hands it here. The
//! future owns everything it needs (the request and a handle on the client), so it is
//! `'static` and `Send`, and one generic future serves every operation that returns the same
//! type: the generated code per operation stays small.

use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;

use super::config::Inner;
use super::error::Error;
use super::request::Request;
use super::response::{Binary, Response};

/// The future of one call: the decoded response, or the error.
pub type ResponseFuture<T, E> =
    Pin<Box<dyn Future<Output = Result<Response<T>, Error<E>>> + Send + 'static>>;

impl Inner {
    /// Send `rq` and decode a JSON body as `T`.
    pub fn call_json<T, E>(&self, rq: Request) -> ResponseFuture<T, E>
    where
        T: DeserializeOwned + Send + 'static,
        E: DeserializeOwned + Send + 'static,
    {
        let inner = self.clone();
        Box::pin(async move { inner.execute::<E>(&rq).await?.json() })
    }

    /// Send `rq`; the body, if any, carries nothing the spec describes.
    pub fn call_empty<E>(&self, rq: Request) -> ResponseFuture<(), E>
    where
        E: DeserializeOwned + Send + 'static,
    {
        let inner = self.clone();
        Box::pin(async move { inner.execute::<E>(&rq).await?.empty() })
    }

    /// Send `rq` and read a text body (`text/plain`) as a string.
    pub fn call_text<E>(&self, rq: Request) -> ResponseFuture<String, E>
    where
        E: DeserializeOwned + Send + 'static,
    {
        let inner = self.clone();
        Box::pin(async move { inner.execute::<E>(&rq).await?.text() })
    }

    /// Send `rq` and keep the body as bytes with its content type.
    pub fn call_binary<E>(&self, rq: Request) -> ResponseFuture<Binary, E>
    where
        E: DeserializeOwned + Send + 'static,
    {
        let inner = self.clone();
        Box::pin(async move { inner.execute::<E>(&rq).await?.binary() })
    }
}
