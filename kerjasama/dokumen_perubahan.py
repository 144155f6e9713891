"""The amending document of an agreement (DOMAIN.md §C1 PERUBAHAN_DIPROSES, §C6 "amendments create a new
ProdukHukum linked ``mengubah``"): a Peraturan Bersama Kepala Desa "tentang Perubahan atas Peraturan Bersama …"
(§D1 shape: one NOMOR line per desa, Menimbang/Mengingat, MEMUTUSKAN, Pasal I with the changed provisions,
Pasal II on entry into force, a signature block per kepala desa, Berita Desa lines), or the amendment of a
Perjanjian Bersama with a third party (§D3 shape: PIHAK KESATU and PIHAK KEDUA sign).

Pasal I names each changed provision by the BAB/Pasal it has in the amended document, found by building that
document's own outline (``documents.konteks_*``), so the reference is the one printed in the signed text.
Rendering only: the services store, number and freeze it.
"""

from __future__ import annotations

import datetime as dt

from inti import format as fmt
from inti.pdf import render_pdf

from . import documents as D
from .choices import JenisKerjaSama, JenisMusyawarah, PeranPeserta

# Changed item → (title of the BAB holding it in a Peraturan Bersama, title of the Pasal in a Perjanjian, name).
LETAK = {
    "maksud_tujuan": ("MAKSUD DAN TUJUAN", "MAKSUD DAN TUJUAN", "maksud dan tujuan"),
    "ruang_lingkup": ("RUANG LINGKUP DAN BIDANG KERJA SAMA", "RUANG LINGKUP", "ruang lingkup"),
    "tata_cara_pelaksanaan": ("TATA CARA DAN KETENTUAN PELAKSANAAN KERJA SAMA", "TATA CARA PELAKSANAAN",
                              "tata cara dan ketentuan pelaksanaan"),
    "tanggal_selesai": ("JANGKA WAKTU", "JANGKA WAKTU", "jangka waktu"),
    "hak_kewajiban": ("HAK DAN KEWAJIBAN", "HAK DAN KEWAJIBAN", "hak dan kewajiban"),
    "pendanaan_uraian": ("PENDANAAN", "PENDANAAN", "pendanaan"),
    "tata_cara_perubahan": ("TATA CARA PERUBAHAN, PENUNDAAN, DAN PEMBATALAN", "PERUBAHAN, PENUNDAAN, DAN PEMBATALAN",
                            "tata cara perubahan, penundaan, dan pembatalan"),
    "penyelesaian_perselisihan": ("PENYELESAIAN PERSELISIHAN", "PENYELESAIAN PERSELISIHAN", "penyelesaian perselisihan"),
}
URUTAN_KE = ["", "", "Kedua", "Ketiga", "Keempat", "Kelima", "Keenam", "Ketujuh", "Kedelapan", "Kesembilan", "Kesepuluh"]


def _ke(n: int) -> str:
    """"Perubahan atas" for the first amendment, "Perubahan Kedua atas" for the second …"""
    if n <= 1:
        return "Perubahan atas"
    return f"Perubahan {URUTAN_KE[n] if n < len(URUTAN_KE) else f'Ke-{n}'} atas"


def _letak_peraturan(asal) -> dict[str, str]:
    """Item → "Pasal 5" (its first article in the amended Peraturan Bersama)."""
    bab = {b.judul: b for b in D.konteks_peraturan_bersama(asal)["bab"]}
    return {k: f"Pasal {bab[judul].pasal[0].nomor}" for k, (judul, _, _) in LETAK.items() if judul in bab}


def _letak_perjanjian(asal) -> dict[str, str]:
    pasal = {p.judul: p for p in D.konteks_perjanjian_bersama(asal)["pasal"]}
    return {k: f"Pasal {pasal[judul].nomor}" for k, (_, judul, _) in LETAK.items() if judul in pasal}


def _butir_perubahan(pr, ks, letak: dict[str, str], nama_dokumen: str) -> list[D.Ayat]:
    """Pasal I: one numbered item per changed provision, in the order of the document."""
    isi = pr.isi_baru or {}
    if not isi:
        return [D.Ayat(f"Ketentuan dalam {nama_dokumen} diubah sebagai berikut:", D._paragraf(pr.uraian) or [D.KOSONG],
                       gaya="angka")]
    butir = []
    for kunci in LETAK:
        if kunci not in isi:
            continue
        tempat, nama = letak.get(kunci, ""), LETAK[kunci][2]
        kepala = f"Ketentuan {tempat} mengenai {nama}" if tempat else f"Ketentuan mengenai {nama}"
        if kunci == "tanggal_selesai":
            baru = dt.date.fromisoformat(isi[kunci])
            teks = (f"{kepala} diubah sehingga kerja sama berlaku sejak tanggal {fmt.tanggal(ks.tanggal_mulai)} "
                    f"sampai dengan tanggal {fmt.tanggal(baru)}.")
        else:
            teks = f"{kepala} diubah sehingga berbunyi sebagai berikut: " + " ".join(D._paragraf(isi[kunci]))
        butir.append(teks)
    return [D.Ayat(f"Beberapa ketentuan dalam {nama_dokumen} diubah sebagai berikut:", butir, gaya="angka")]


def _musyawarah(pr, ks):
    m = pr.musyawarah
    if m is None:
        m = ks.musyawarah.filter(jenis=JenisMusyawarah.MAD).order_by("-tanggal", "-id").first()
    return m


def konteks_perubahan_peraturan(ph) -> dict:
    ks, asal, pr = ph.kerja_sama, ph.mengubah, ph.perubahan
    ke = ks.produk_hukum.filter(mengubah=asal, id__lte=ph.id).count()
    peserta_asal = D._peserta(ks)
    baris = list(ph.penandatangan.select_related("desa__kecamatan").order_by("urutan", "id"))
    desa_nama = [b.desa.nama for b in baris]
    kades = [f"KEPALA DESA {n.upper()}" for n in desa_nama]
    kades_judul = fmt.daftar_dan([k.replace(" ", D.NBSP) for k in kades], "DAN")
    kades_teks = fmt.daftar_dan([k.title() for k in kades])
    nomor_asal = fmt.daftar_dan([f"Kepala Desa {p.desa.nama} Nomor {p.nomor_lengkap} Tahun {p.tahun_peraturan or D.KOSONG}"
                                 for p in peserta_asal])
    berita_asal = fmt.daftar_dan([f"Berita Desa {p.desa.nama} Tahun {p.berita_desa_tahun or D.KOSONG} Nomor "
                                  f"{p.berita_desa_nomor or D.KOSONG}" for p in peserta_asal])
    judul_asal = f"Peraturan Bersama {nomor_asal} tentang {ks.judul}"
    ke_teks = _ke(ke)
    tentang = f"{ke_teks.upper()} PERATURAN BERSAMA {fmt.daftar_dan(kades, 'DAN')} TENTANG {ks.judul.upper()}"
    m = _musyawarah(pr, ks)
    musyawarah_teks = (f"musyawarah para pihak pada tanggal {fmt.tanggal(m.tanggal)} di {m.tempat}" if m
                       else "musyawarah para pihak")
    menimbang = [
        f"bahwa {judul_asal} telah ditetapkan dan diundangkan dalam {berita_asal};",
        f"bahwa berdasarkan hasil {musyawarah_teks}, para pihak sepakat mengubah beberapa ketentuan kerja sama: "
        f"{pr.uraian.strip().rstrip('.')};",
        "bahwa sesuai dengan ketentuan Pasal 145 dan Pasal 146 Peraturan Pemerintah Nomor 43 Tahun 2014, perubahan "
        "kerja sama desa disepakati dalam musyawarah yang melibatkan para pihak dan dituangkan dalam Peraturan "
        "Bersama Kepala Desa;",
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, huruf b, dan huruf c, perlu menetapkan "
        f"Peraturan Bersama {kades_teks} tentang {ke_teks} Peraturan Bersama tentang {ks.judul};",
    ]
    mengingat = [d + ";" for d in D.DASAR_HUKUM] + [f"{judul_asal} ({berita_asal});"]
    memperhatikan = [f"Berita Acara {m.get_jenis_display()} tanggal {fmt.tanggal(m.tanggal)} di {m.tempat}." if m
                     else "Berita Acara musyawarah para pihak."]
    pasal_i = D.Pasal(nomor="I", ayat=_butir_perubahan(pr, ks, _letak_peraturan(asal),
                                                      f"Peraturan Bersama {nomor_asal} tentang {ks.judul}"))
    pasal_ii = D._pasal(
        "Peraturan Bersama ini mulai berlaku pada tanggal diundangkan.",
        "Agar setiap orang mengetahuinya, memerintahkan pengundangan Peraturan Bersama ini dengan penempatannya "
        f"dalam {fmt.daftar_dan(['Berita Desa ' + n for n in desa_nama])}.",
    )
    pasal_ii.nomor = "II"
    per_desa = [D.baris_pengesahan(b) for b in baris]
    return {
        "ph": ph,
        "ks": ks,
        "antar_desa": True,
        "judul_pdf": f"Peraturan Bersama Kepala Desa tentang {ke_teks} Peraturan Bersama tentang {ks.judul}",
        "tanggal_meta": D._tanggal_iso(ph.tanggal_ditetapkan or ph.created_at),
        "kop": ks.kabupaten.nama.upper(),
        "judul_kades": kades_judul,
        "tentang": tentang,
        "peserta": per_desa,
        "peserta_baris": [per_desa[i:i + 2] for i in range(0, len(per_desa), 2)],
        "pejabat": kades_judul + ",",
        "menimbang": menimbang,
        "mengingat": mengingat,
        "memperhatikan": memperhatikan,
        "menetapkan": f"PERATURAN BERSAMA {fmt.daftar_dan(kades, 'DAN')} TENTANG {tentang}.",
        "pasal": [pasal_i, pasal_ii],
        "ditetapkan_di": ks.tempat_penetapan or D.KOSONG,
        "ditetapkan_tanggal": fmt.tanggal(ph.tanggal_ditetapkan),
        "verifikasi": D._verifikasi(ph),
    }


def konteks_perubahan_perjanjian(ph) -> dict:
    ks, asal, pr = ph.kerja_sama, ph.mengubah, ph.perubahan
    ke = ks.produk_hukum.filter(mengubah=asal, id__lte=ph.id).count()
    peserta_asal = D._peserta(ks)
    desa_p = next((p for p in peserta_asal if p.peran == PeranPeserta.PEMRAKARSA), peserta_asal[0])
    b = ph.penandatangan.select_related("desa__kecamatan").order_by("urutan", "id").first()
    desa = desa_p.desa
    pk = ks.pihak_ketiga
    nomor_asal = f"{desa_p.nomor_lengkap}/{desa.nama}/{desa_p.tahun_peraturan or D.KOSONG}"
    nama_asal = f"Perjanjian Kerja Sama Nomor {nomor_asal} tentang {ks.judul}"
    ke_teks = _ke(ke)
    tanggal_tetap = ph.tanggal_ditetapkan
    pasal_1 = D.Pasal(nomor=1, judul="PERUBAHAN", ayat=_butir_perubahan(pr, ks, _letak_perjanjian(asal), nama_asal))
    pasal_2 = D._pasal(
        f"Ketentuan dalam {nama_asal} yang tidak diubah dalam perjanjian ini tetap berlaku.",
        "Perjanjian ini merupakan bagian yang tidak terpisahkan dari perjanjian yang diubahnya dan mulai berlaku "
        "pada tanggal ditandatangani.",
    )
    pasal_2.nomor, pasal_2.judul = 2, "PENUTUP"
    m = _musyawarah(pr, ks)
    return {
        "ph": ph,
        "ks": ks,
        "antar_desa": False,
        "judul_pdf": f"{ke_teks} Perjanjian Kerja Sama Desa {desa.nama} dengan {pk.nama if pk else D.KOSONG}",
        "tanggal_meta": D._tanggal_iso(tanggal_tetap or ph.created_at),
        "tentang": f"{ke_teks.upper()} PERJANJIAN KERJA SAMA TENTANG {ks.judul.upper()}",
        "desa": desa,
        "pihak_ketiga": pk,
        "penanda_tangan_pihak_ketiga": pr.pihak_ketiga_penanda_tangan or (pk.penanggung_jawab_nama if pk else ""),
        "jabatan_pihak_ketiga": pr.pihak_ketiga_jabatan or (pk.penanggung_jawab_jabatan if pk else ""),
        "nomor_desa": f"{b.nomor_lengkap}/{desa.nama}/{b.tahun_peraturan or D.KOSONG}" if b else D.KOSONG,
        "nomor_pihak_ketiga": pr.pihak_ketiga_nomor or D.KOSONG,
        "kepala_desa": b.kepala_desa_nama if b else "",
        "pembuka": (
            f"Pada hari ini, {fmt.tanggal_terbilang(tanggal_tetap)}, bertempat di {ks.tempat_penetapan or D.KOSONG}, "
            "yang bertanda tangan di bawah ini:" if tanggal_tetap else
            f"Pada hari ini, {D.KOSONG}, bertempat di {ks.tempat_penetapan or D.KOSONG}, yang bertanda tangan di bawah ini:"
        ),
        "dasar": (f"PARA PIHAK, berdasarkan hasil musyawarah pada tanggal {fmt.tanggal(m.tanggal)}, sepakat mengubah "
                  f"{nama_asal} dengan ketentuan sebagai berikut:" if m else
                  f"PARA PIHAK sepakat mengubah {nama_asal} dengan ketentuan sebagai berikut:"),
        "pasal": [pasal_1, pasal_2],
        "ditetapkan_di": ks.tempat_penetapan or D.KOSONG,
        "camat": desa.kecamatan.nama,
        "verifikasi": D._verifikasi(ph),
    }


def render_perubahan(ph) -> bytes:
    """The PDF of an amending document (``ph.mengubah`` set), on its paper size."""
    if ph.kerja_sama.jenis == JenisKerjaSama.PIHAK_KETIGA:
        return render_pdf("kerjasama/dokumen/perubahan_perjanjian.html", konteks_perubahan_perjanjian(ph),
                          ukuran=ph.ukuran_kertas or "A4")
    return render_pdf("kerjasama/dokumen/perubahan_peraturan.html", konteks_perubahan_peraturan(ph),
                      ukuran=ph.ukuran_kertas or "A4")
