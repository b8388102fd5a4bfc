#!/usr/bin/env bash
# Renders the samples' bilan as a committee prints it (LibreOffice → PDF → PNG) and keeps the
# first page of the Synthèse and of the Bilan par fiche in docs/, for the README.
#   docs/render.sh            (needs: cargo, soffice, pdftotext, pdftoppm)
#   apt-get install -y libreoffice-calc libreoffice-writer poppler-utils
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --release --quiet -- bilan samples -o "$work/bilan.xlsx" --year 2024 >/dev/null
soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf --outdir "$work" "$work/bilan.xlsx" >/dev/null
pages=$(pdfinfo "$work/bilan.pdf" | awk '/^Pages:/ {print $2}')
first_page_of() {
  for page in $(seq 1 "$pages"); do
    if pdftotext -f "$page" -l "$page" "$work/bilan.pdf" - | grep -q "Bilan SPASER 2024 — $1"; then
      echo "$page"
      return
    fi
  done
  echo "sheet $1 not found in the PDF" >&2
  exit 1
}
for sheet in "Synthèse:synthese" "Bilan par fiche:bilan-par-fiche"; do
  page=$(first_page_of "${sheet%%:*}")
  pdftoppm -png -r 80 -f "$page" -l "$page" -singlefile "$work/bilan.pdf" "docs/${sheet##*:}"
done
# The committee's document: its synthèse page.
soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf --outdir "$work" "$work/bilan.docx" >/dev/null
pdftoppm -png -r 80 -f 2 -l 2 -singlefile "$work/bilan.pdf" docs/document-synthese
echo "docs/synthese.png, docs/bilan-par-fiche.png, docs/document-synthese.png"
