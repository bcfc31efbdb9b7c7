// The receipt page prints through this module: the Content-Security-Policy allows scripts from this origin only, no inline handlers.
export function printReceipt() {
    window.print();
}
