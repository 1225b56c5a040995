//! Pagination: a stream (or, with the `blocking` feature, an iterator) over the items of every page,
//! fetching the next page when the current one is used up.
#![allow(dead_code)]

use crate::error::Error;
use crate::runtime::ClientCore;

/// Where the next page starts, as the generated code sets it on the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageAt {
    /// The cursor (page token) the previous page returned.
    Cursor(String),
    /// The page number or item offset.
    Number(i64),
}

impl PageAt {
    /// The position as query text.
    pub fn into_text(self) -> String {
        match self {
            PageAt::Cursor(cursor) => cursor,
            PageAt::Number(number) => number.to_string(),
        }
    }

    /// The position as a number (a cursor that is not a number gives `None`).
    pub fn into_number(self) -> Option<i64> {
        match self {
            PageAt::Cursor(cursor) => cursor.trim().parse().ok(),
            PageAt::Number(number) => Some(number),
        }
    }
}

/// How an operation pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Each page names the next one with a cursor; an empty or missing cursor ends the list.
    Cursor,
    /// Pages are numbered; an empty page, or one shorter than `size`, ends the list.
    PageNumber {
        /// The number of the first page fetched.
        first: i64,
        /// The page size the request asks for, if it sets one.
        size: Option<i64>,
    },
    /// Pages start at an item offset; an empty page, or one shorter than `limit`, ends the list.
    Offset {
        /// The offset of the first page fetched.
        first: i64,
        /// The page size the request asks for, if it sets one.
        limit: Option<i64>,
    },
}

/// The most pages a stream fetches unless [`Paginated::max_pages`] says otherwise: a backstop for a
/// server whose pages never end, not a limit a real list reaches.
pub const DEFAULT_MAX_PAGES: u32 = 100_000;

/// One page, as the generated code reads it from a response body.
#[derive(Debug)]
pub struct Page<T> {
    items: Vec<T>,
    cursor: Option<String>,
    /// A hash of the items' JSON, to recognise a page the server sends again.
    fingerprint: u64,
    /// The status and headers of the response the page came in.
    response: Option<(reqwest::StatusCode, reqwest::header::HeaderMap)>,
    /// The total the response reports, of items or of pages.
    total: Option<Total>,
}

/// A total a page reports of the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// How many items the list holds (`total`, `total_count`, `total_records`, …).
    Items(i64),
    /// How many pages it has (`total_pages`, `page_count`, …).
    Pages(i64),
}

impl<T: serde::Serialize> Page<T> {
    /// A page with its items and, for cursor paging, the cursor of the next page.
    pub fn new(items: Vec<T>, cursor: Option<String>) -> Self {
        use std::hash::{Hash, Hasher};
        // SipHash with fixed keys: the same items give the same fingerprint.
        let mut hasher = std::hash::DefaultHasher::new();
        serde_json::to_vec(&items).unwrap_or_default().hash(&mut hasher);
        Page { items, cursor, fingerprint: hasher.finish(), response: None, total: None }
    }
}

impl<T> Page<T> {
    /// The page with the status and headers of the response it came in.
    pub fn with_response(mut self, status: reqwest::StatusCode, headers: reqwest::header::HeaderMap) -> Self {
        self.response = Some((status, headers));
        self
    }

    /// The page with the total its response reports (`None`: it reports none).
    pub fn with_total(mut self, total: Option<Total>) -> Self {
        self.total = total;
        self
    }
}

/// What a stream knows of a page it fetched: [`Paginated::on_page`] sees each one, and
/// [`Paginated::last_page`] keeps the latest.
#[derive(Debug, Clone)]
pub struct PageInfo {
    number: u32,
    items: usize,
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
}

impl PageInfo {
    /// Which page of the stream it is, from 1.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// How many items it held.
    pub fn items(&self) -> usize {
        self.items
    }

    /// The status of its response.
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The headers of its response (rate limits, totals, links).
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }
}

/// Why a stream ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StopReason {
    /// The last page said so: no next cursor, or an empty or short page.
    LastPage,
    /// The server sent a cursor it had sent before.
    RepeatedCursor,
    /// The server sent a page it had sent before (it ignores the page parameter): its items are not
    /// given again.
    RepeatedPage,
    /// The items (or pages) given reached the total the last page reported.
    ReportedTotal,
    /// [`Paginated::max_pages`] pages were fetched.
    MaxPages,
    /// A page's request failed (the error was the stream's last item).
    Error,
}

type PageFuture<'a, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Page<T>, Error>> + Send + 'a>>;
type FetchPage<'a, T> = Box<dyn FnMut(Option<PageAt>) -> PageFuture<'a, T> + Send + 'a>;

/// What [`Paginated::on_page`] calls.
type OnPage<'a> = Box<dyn FnMut(&PageInfo) + Send + 'a>;

/// Every item of every page of a paginated operation, in order.
///
/// It is a [`futures_core::Stream`] of `Result<T, Error>` (use it with `futures::StreamExt` or
/// `tokio_stream::StreamExt`), and [`try_next`](Self::try_next) reads it without extra crates. Pages
/// are fetched one at a time, when needed. The list ends at an empty cursor, an empty or short page,
/// a cursor seen before, a page seen before (a server that ignores the page parameter sends page 1
/// again: its items are not given twice), when the items (or pages) given reach the total the
/// response reports, after [`max_pages`](Self::max_pages) pages (100,000 unless set), or after an
/// error; [`stop_reason`](Self::stop_reason) says
/// which. A server that repeats itself cannot make it loop forever.
pub struct Paginated<'a, T> {
    #[cfg_attr(not(feature = "blocking"), allow(dead_code))]
    core: &'a ClientCore,
    paging: Paging,
    fetch: FetchPage<'a, T>,
    /// The position of the next page to fetch: `None` when the list is finished, `Some(None)` for the
    /// first page (the request as configured).
    next: Option<Option<PageAt>>,
    position: i64,
    in_flight: Option<PageFuture<'a, T>>,
    buffer: std::collections::VecDeque<T>,
    seen: std::collections::HashSet<String>,
    pages_seen: std::collections::HashSet<u64>,
    fetched: u32,
    /// The items given so far (put in the buffer).
    given: i64,
    max_pages: u32,
    stopped: Option<StopReason>,
    last_page: Option<PageInfo>,
    on_page: Option<OnPage<'a>>,
}

impl<T> Unpin for Paginated<'_, T> {}

impl<T> std::fmt::Debug for Paginated<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginated")
            .field("paging", &self.paging)
            .field("next", &self.next)
            .field("buffered", &self.buffer.len())
            .finish_non_exhaustive()
    }
}

impl<'a, T> Paginated<'a, T> {
    /// Pages with `paging`; `fetch` sends the request for a position (`None`: the first page).
    pub fn new(
        core: &'a ClientCore,
        paging: Paging,
        fetch: impl FnMut(Option<PageAt>) -> PageFuture<'a, T> + Send + 'a,
    ) -> Self {
        let position = match paging {
            Paging::Cursor => 0,
            Paging::PageNumber { first, .. } | Paging::Offset { first, .. } => first,
        };
        Paginated {
            core,
            paging,
            fetch: Box::new(fetch),
            next: Some(None),
            position,
            in_flight: None,
            buffer: std::collections::VecDeque::new(),
            seen: std::collections::HashSet::new(),
            pages_seen: std::collections::HashSet::new(),
            fetched: 0,
            given: 0,
            max_pages: DEFAULT_MAX_PAGES,
            stopped: None,
            last_page: None,
            on_page: None,
        }
    }

    /// Calls `f` with each page's number, item count, status and headers as the page arrives
    /// (before its items are given).
    #[must_use]
    pub fn on_page(mut self, f: impl FnMut(&PageInfo) + Send + 'a) -> Self {
        self.on_page = Some(Box::new(f));
        self
    }

    /// The latest page fetched: its number, item count, status and headers (`None` before the
    /// first).
    pub fn last_page(&self) -> Option<&PageInfo> {
        self.last_page.as_ref()
    }

    /// Fetches at most `pages` pages (at least one), then ends with [`StopReason::MaxPages`].
    #[must_use]
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// Why the stream ended, once it has (`None` while items may follow).
    pub fn stop_reason(&self) -> Option<StopReason> {
        self.stopped
    }

    /// The next item, fetching the next page when needed; `Ok(None)` at the end.
    ///
    /// # Errors
    ///
    /// The error of the request for a page; the list ends after it.
    pub async fn try_next(&mut self) -> Result<Option<T>, Error> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await.transpose()
    }

    /// Every remaining item, in order.
    ///
    /// # Errors
    ///
    /// The first error of a page request.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.try_next().await? {
            items.push(item);
        }
        Ok(items)
    }

    /// The items as a blocking iterator (with the `blocking` feature; not inside an async runtime).
    #[cfg(feature = "blocking")]
    pub fn into_blocking_iter(self) -> BlockingPaginated<'a, T> {
        BlockingPaginated(self)
    }

    /// The position after `page`, or why the list ends there.
    fn advance(&mut self, page: &Page<T>) -> Result<PageAt, StopReason> {
        let count = i64::try_from(page.items.len()).unwrap_or(i64::MAX);
        let short = |size: Option<i64>| count == 0 || size.is_some_and(|size| count < size);
        let at = match self.paging {
            Paging::Cursor => {
                let cursor = page.cursor.as_deref().map(str::trim).filter(|cursor| !cursor.is_empty()).ok_or(StopReason::LastPage)?;
                if !self.seen.insert(cursor.to_owned()) {
                    return Err(StopReason::RepeatedCursor);
                }
                PageAt::Cursor(cursor.to_owned())
            }
            Paging::PageNumber { size, .. } => {
                if short(size) {
                    return Err(StopReason::LastPage);
                }
                self.position = self.position.checked_add(1).ok_or(StopReason::LastPage)?;
                PageAt::Number(self.position)
            }
            Paging::Offset { limit, .. } => {
                if short(limit) {
                    return Err(StopReason::LastPage);
                }
                self.position = self.position.checked_add(count).ok_or(StopReason::LastPage)?;
                PageAt::Number(self.position)
            }
        };
        if self.fetched >= self.max_pages {
            return Err(StopReason::MaxPages);
        }
        Ok(at)
    }

    /// Whether the items (or pages) given reach the total a page reported. Pages are counted from
    /// the first one this stream fetched, so a stream that starts further on fetches more, never
    /// fewer. A total of zero says nothing: a body without the field (or with `null`) decodes to
    /// zero, and an empty list ends at its empty page anyway.
    fn reached(&self, total: Option<Total>) -> bool {
        match total {
            Some(Total::Items(total)) => total > 0 && self.given >= total,
            Some(Total::Pages(total)) => total > 0 && i64::from(self.fetched) >= total,
            None => false,
        }
    }

    fn poll_item(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<T, Error>>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return std::task::Poll::Ready(Some(Ok(item)));
            }
            if self.in_flight.is_none() {
                let Some(at) = self.next.take() else {
                    return std::task::Poll::Ready(None);
                };
                self.fetched = self.fetched.saturating_add(1);
                self.in_flight = Some((self.fetch)(at));
            }
            let Some(future) = self.in_flight.as_mut() else {
                return std::task::Poll::Ready(None);
            };
            let result = std::task::ready!(future.as_mut().poll(cx));
            self.in_flight = None;
            match result {
                Ok(mut page) => {
                    if let Some((status, headers)) = page.response.take() {
                        let info = PageInfo { number: self.fetched, items: page.items.len(), status, headers };
                        if let Some(f) = self.on_page.as_mut() {
                            f(&info);
                        }
                        self.last_page = Some(info);
                    }
                    // A non-empty page the server sent before: it ignores the page parameter.
                    if !page.items.is_empty() && !self.pages_seen.insert(page.fingerprint) {
                        self.stopped = Some(StopReason::RepeatedPage);
                        continue;
                    }
                    self.given = self.given.saturating_add(i64::try_from(page.items.len()).unwrap_or(i64::MAX));
                    match self.advance(&page) {
                        Ok(_) if self.reached(page.total) => self.stopped = Some(StopReason::ReportedTotal),
                        Ok(at) => self.next = Some(Some(at)),
                        Err(reason) => self.stopped = Some(reason),
                    }
                    self.buffer.extend(page.items);
                }
                Err(error) => {
                    self.next = None;
                    self.stopped = Some(StopReason::Error);
                    return std::task::Poll::Ready(Some(Err(error)));
                }
            }
        }
    }
}

impl<T> futures_core::Stream for Paginated<'_, T> {
    type Item = Result<T, Error>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

/// The items of every page as a blocking iterator (see [`Paginated::into_blocking_iter`]).
#[cfg(feature = "blocking")]
#[derive(Debug)]
pub struct BlockingPaginated<'a, T>(Paginated<'a, T>);

#[cfg(feature = "blocking")]
impl<T> Iterator for BlockingPaginated<'_, T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let core = self.0.core;
        core.block_on(self.0.try_next()).transpose()
    }
}
