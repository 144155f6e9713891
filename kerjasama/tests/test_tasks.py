"""The PDF task: a late draft render after signing is a no-op, never an error on a signed document."""

from kerjasama.tasks import produk_hukum_buat_pdf


def test_draft_render_arriving_after_signature_changes_nothing(buat_ks, render_palsu):
    k = buat_ks(sampai="DITANDATANGANI", jumlah_desa=2)
    ph = k.ph
    sha, versi = ph.sha256, ph.versi
    assert ph.terkunci and sha

    assert produk_hukum_buat_pdf.apply(args=[ph.pk]).get() == sha

    ph.refresh_from_db()
    assert (ph.sha256, ph.versi, ph.galat_pembuatan, ph.sedang_dibuat) == (sha, versi, "", False)


def test_draft_render_stores_pdf_and_hash(buat_ks, render_palsu):
    k = buat_ks(sampai="RANCANGAN_DISEPAKATI", jumlah_desa=2)
    ph = k.ph
    versi = ph.versi
    sha = produk_hukum_buat_pdf.apply(args=[ph.pk]).get()
    ph.refresh_from_db()
    assert ph.versi == versi + 1 and ph.sha256 == sha and ph.file_pdf
