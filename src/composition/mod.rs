//! The composition root: the one place that knows every feature. The shell and the route table
//! (`app`, with the routes only some visitors open in `lazy_pages`), the router and its layers
//! (`router`), the `/api/v1` router and OpenAPI document (`api_routes`), the no-JS forms that
//! answer with a page (`account_forms`), every feature's form messages (`messages`), start-up
//! (`startup`) and demo data (`seed`). No
//! feature imports from here.
#[cfg(feature = "ssr")]
pub mod account_forms;
#[cfg(feature = "ssr")]
pub mod api_routes;
pub mod app;
pub mod lazy_pages;
pub mod messages;
#[cfg(feature = "ssr")]
pub mod router;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod startup;
