//! HTTPS for the setting's Wi-Fi: the setting's own small certificate
//! authority (made once in `data/tls/`, keys 0600), a server certificate it
//! signs for the machine's names and addresses (renewed well before it runs
//! out, and swapped in while the service runs), or a certificate the setting
//! already has (`web.cert`, `web.key`). Plain HTTP reaching the TLS port is
//! never served: it gets a redirect to the `https://` address and nothing
//! else.

mod certs;

use crate::config::{Config, TlsMode};
use crate::error::Context;
pub use certs::{ensure_server_cert, expiry_and_names, Made};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::server::{ClientHello, ResolvesServerCert};
use tokio_rustls::rustls::sign::CertifiedKey;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// A server certificate is renewed when fewer than 30 days are left.
pub const RENEW_DAYS: i64 = 30;
/// How long a client may take over its handshake.
const HANDSHAKE: Duration = Duration::from_secs(15);

/// Whether `serve` on `bind` speaks TLS.
pub fn wanted(config: &Config, bind: &SocketAddr) -> bool {
    config.web.tls == TlsMode::On || !bind.ip().is_loopback()
}

/// The files of the setting's own authority and its server certificate.
#[derive(Debug, Clone)]
pub struct Files {
    pub dir: PathBuf,
}

impl Files {
    pub fn new(config: &Config) -> Files {
        Files { dir: config.paths.data.join("tls") }
    }
    pub fn ca_cert(&self) -> PathBuf {
        self.dir.join("ca.crt")
    }
    fn ca_key(&self) -> PathBuf {
        self.dir.join("ca.key")
    }
    pub fn server_cert(&self) -> PathBuf {
        self.dir.join("server.crt")
    }
    fn server_key(&self) -> PathBuf {
        self.dir.join("server.key")
    }
}

/// The names and addresses a server certificate carries: the host name,
/// `<host>.local` (how iPads find a laptop by Bonjour), `localhost`, the
/// configured extra names, the bound address if it is one, and every
/// address of the machine's interfaces.
pub fn names(config: &Config, bind: &SocketAddr) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(host) = host_name() {
        out.push(host.clone());
        if !host.contains('.') {
            out.push(format!("{host}.local"));
        }
    }
    out.push("localhost".into());
    out.extend(config.web.hostnames.iter().map(|h| h.trim().to_string()).filter(|h| !h.is_empty()));
    if !bind.ip().is_unspecified() {
        out.push(bind.ip().to_string());
    }
    out.extend(addresses().iter().map(IpAddr::to_string));
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|n| seen.insert(n.to_ascii_lowercase()));
    out
}

/// The machine's host name (Linux: the kernel's).
pub fn host_name() -> Option<String> {
    let h = std::fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
    let h = h.trim();
    (!h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')).then(|| h.to_string())
}

/// The addresses of the machine's interfaces, loopback included.
pub fn addresses() -> Vec<IpAddr> {
    if_addrs::get_if_addrs().map(|a| a.into_iter().map(|i| i.ip()).collect()).unwrap_or_default()
}

/// The address people type (and the QR code carries): the host's `.local`
/// name, else its first non-loopback IPv4 address.
pub fn public_url(config: &Config, bind: &SocketAddr, tls: bool) -> String {
    let scheme = if tls { "https" } else { "http" };
    let host = if bind.ip().is_loopback() {
        bind.ip().to_string()
    } else if let Some(h) = config.web.hostnames.first().filter(|h| !h.trim().is_empty()) {
        h.trim().to_string()
    } else if !bind.ip().is_unspecified() {
        bind.ip().to_string()
    } else if let Some(h) = host_name() {
        if h.contains('.') {
            h
        } else {
            format!("{h}.local")
        }
    } else {
        addresses()
            .into_iter()
            .find(|a| a.is_ipv4() && !a.is_loopback())
            .map_or_else(|| "localhost".into(), |a| a.to_string())
    };
    let host = if host.contains(':') { format!("[{host}]") } else { host };
    format!("{scheme}://{host}:{}/", bind.port())
}

/// The certificate and key files `serve` uses: the setting's own (made or
/// renewed as needed) or those configured.
fn cert_files(config: &Config, bind: &SocketAddr) -> crate::error::Result<(PathBuf, PathBuf)> {
    if !config.web.cert.as_os_str().is_empty() {
        return Ok((config.web.cert.clone(), config.web.key.clone()));
    }
    let files = Files::new(config);
    ensure_server_cert(&files, &names(config, bind))?;
    Ok((files.server_cert(), files.server_key()))
}

fn certified_key(cert: &Path, key: &Path) -> crate::error::Result<CertifiedKey> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .with_context(|| format!("web.cert {}", cert.display()))?
        .collect::<Result<_, _>>()
        .with_context(|| format!("web.cert {}: not PEM certificates", cert.display()))?;
    crate::error::ensure!(!chain.is_empty(), "web.cert {}: holds no certificate", cert.display());
    let key =
        PrivateKeyDer::from_pem_file(key).with_context(|| format!("web.key {}: no private key", key.display()))?;
    let signing = tokio_rustls::rustls::crypto::ring::sign::any_supported_type(&key)
        .context("web.key: an unsupported kind of key")?;
    Ok(CertifiedKey::new(chain, signing))
}

/// The current certificate, swapped in place when renewed.
#[derive(Debug)]
struct Current(RwLock<Arc<CertifiedKey>>);

impl ResolvesServerCert for Current {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.0.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone())
    }
}

/// The TLS side of `serve`: the acceptor and what renews its certificate.
pub struct Tls {
    acceptor: TlsAcceptor,
    current: Arc<Current>,
    config: Config,
    bind: SocketAddr,
}

impl Tls {
    /// Loads (or makes) the certificate for `bind`.
    pub fn load(config: &Config, bind: &SocketAddr) -> crate::error::Result<Tls> {
        let (cert, key) = cert_files(config, bind)?;
        let current = Arc::new(Current(RwLock::new(Arc::new(certified_key(&cert, &key)?))));
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let mut server = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_cert_resolver(current.clone());
        server.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Tls { acceptor: TlsAcceptor::from(Arc::new(server)), current, config: config.clone(), bind: *bind })
    }

    /// Makes a new certificate if the one in use is close to running out,
    /// and swaps it in for the next connections.
    pub fn renew_if_due(&self) -> crate::error::Result<bool> {
        if !self.config.web.cert.as_os_str().is_empty() {
            return Ok(false);
        }
        let files = Files::new(&self.config);
        if ensure_server_cert(&files, &names(&self.config, &self.bind))? == Made::Kept {
            return Ok(false);
        }
        let fresh = certified_key(&files.server_cert(), &files.server_key())?;
        *self.current.0.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(fresh);
        Ok(true)
    }
}

/// A listener that hands axum only connections that finished a TLS
/// handshake. Handshakes run each in its own task (a slow client holds up
/// nobody); a connection that speaks plain HTTP is answered with a redirect
/// to the `https://` address and closed.
pub struct TlsListener {
    rx: tokio::sync::mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    pub fn new(tcp: TcpListener, mut tls: Tls) -> std::io::Result<TlsListener> {
        let local = tcp.local_addr()?;
        tls.bind.set_port(local.port());
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        let tls = Arc::new(tls);
        tokio::spawn(accept_loop(tcp, tls.clone(), tx.clone()));
        tokio::spawn(async move {
            // Twice a day: renew well before the certificate runs out.
            let mut tick = tokio::time::interval(Duration::from_secs(12 * 3600));
            loop {
                tick.tick().await;
                if tx.is_closed() {
                    break;
                }
                let t = tls.clone();
                match crate::blocking::run("tls.renew", move || t.renew_if_due()).await {
                    Ok(Ok(true)) => tracing::info!("renewed the server certificate"),
                    Ok(Ok(false)) => {}
                    Ok(Err(e)) => tracing::error!("renewing the server certificate failed: {e:#}"),
                    Err(e) => tracing::error!("renewing the server certificate failed: {e:#}"),
                }
            }
        });
        Ok(TlsListener { rx, local })
    }
}

async fn accept_loop(
    tcp: TcpListener,
    tls: Arc<Tls>,
    tx: tokio::sync::mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    loop {
        let (stream, peer) = match tcp.accept().await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!("accepting a connection failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        if tx.is_closed() {
            return;
        }
        let (tls, tx) = (tls.clone(), tx.clone());
        tokio::spawn(async move {
            let mut first = [0u8; 1];
            match tokio::time::timeout(HANDSHAKE, stream.peek(&mut first)).await {
                Ok(Ok(1)) if first[0] == 0x16 => {}
                Ok(Ok(1)) => {
                    let _ = tokio::time::timeout(HANDSHAKE, redirect_plain(stream, tls.bind.port())).await;
                    return;
                }
                _ => return,
            }
            match tokio::time::timeout(HANDSHAKE, tls.acceptor.accept(stream)).await {
                Ok(Ok(s)) => {
                    let _ = tx.send((s, peer)).await;
                }
                Ok(Err(e)) => tracing::debug!(%peer, "TLS handshake failed: {e}"),
                Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
            }
        });
    }
}

/// Plain HTTP on the TLS port: the same address over `https://`, nothing
/// else (no page, no cookie).
async fn redirect_plain(mut stream: TcpStream, port: u16) -> std::io::Result<()> {
    let mut buf = vec![0u8; 8192];
    let mut n = 0;
    while n < buf.len() {
        let got = stream.read(&mut buf[n..]).await?;
        if got == 0 {
            break;
        }
        n += got;
        if buf[..n].windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
    }
    let head = String::from_utf8_lossy(&buf[..n]);
    let path = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .filter(|p| p.starts_with('/') && p.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or("/");
    let host = head
        .lines()
        .find_map(|l| l.split_once(':').filter(|(k, _)| k.trim().eq_ignore_ascii_case("host")).map(|(_, v)| v.trim()))
        .map(|h| h.rsplit_once(':').filter(|(_, p)| p.chars().all(|c| c.is_ascii_digit())).map_or(h, |(h, _)| h))
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || "-.[]:".contains(c)))
        .unwrap_or("localhost");
    let to = format!("https://{host}:{port}{path}");
    let body = format!("This consentgate speaks HTTPS only: {to}\n");
    let res = format!(
        "HTTP/1.1 308 Permanent Redirect\r\nLocation: {to}\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(res.as_bytes()).await?;
    stream.shutdown().await
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.rx.recv().await {
            Some(c) => c,
            // The accept loop never ends while this listener lives.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}

/// The setting's CA certificate (PEM), when it uses its own.
pub fn ca_pem(config: &Config) -> Option<String> {
    if !config.web.cert.as_os_str().is_empty() {
        return None;
    }
    std::fs::read_to_string(Files::new(config).ca_cert()).ok()
}

/// The SHA-256 fingerprint of a PEM certificate, as iOS shows it (pairs
/// of hex digits).
pub fn fingerprint(pem: &str) -> Option<String> {
    use sha2::Digest;
    let der = CertificateDer::from_pem_slice(pem.as_bytes()).ok()?;
    let d = sha2::Sha256::digest(der.as_ref());
    Some(d.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(" "))
}

/// The DER of a PEM certificate.
pub fn der(pem: &str) -> Option<Vec<u8>> {
    CertificateDer::from_pem_slice(pem.as_bytes()).ok().map(|d| d.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_is_made_once_kept_and_renewed_when_names_change() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = Files { dir: dir.path().join("tls") };
        let names = vec!["nursery.local".to_string(), "192.168.1.20".to_string()];
        assert_eq!(ensure_server_cert(&files, &names).expect("made"), Made::Made);
        let ca = std::fs::read_to_string(files.ca_cert()).expect("ca");
        assert_eq!(ensure_server_cert(&files, &names).expect("kept"), Made::Kept);
        let (until, has) =
            expiry_and_names(&std::fs::read_to_string(files.server_cert()).expect("cert")).expect("parse");
        assert!(has.contains(&"nursery.local".to_string()) && has.contains(&"192.168.1.20".to_string()), "{has:?}");
        let left = until - crate::clock::now();
        assert!(left > chrono::Duration::days(390) && left <= chrono::Duration::days(certs::SERVER_DAYS), "{left:?}");
        let more = vec!["nursery.local".to_string(), "10.0.0.5".to_string()];
        assert_eq!(ensure_server_cert(&files, &more).expect("renewed"), Made::Made, "a new address: a new certificate");
        assert_eq!(std::fs::read_to_string(files.ca_cert()).expect("ca"), ca, "the same authority");
        use std::os::unix::fs::PermissionsExt;
        for key in [files.ca_key(), files.server_key()] {
            assert_eq!(std::fs::metadata(&key).expect("key").permissions().mode() & 0o777, 0o600, "{}", key.display());
        }
        assert_eq!(std::fs::metadata(&files.dir).expect("dir").permissions().mode() & 0o777, 0o700);
        assert!(fingerprint(&ca).is_some_and(|f| f.len() == 32 * 3 - 1));
    }
}
