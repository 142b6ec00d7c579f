fn main() {
    println!("investcalc {}", env!("CARGO_PKG_VERSION"));
}
