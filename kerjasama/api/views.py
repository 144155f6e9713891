"""API v1 of kerja sama desa: thin viewsets over kerjasama.queries and kerjasama.services.

Reads come from scoped queries (``LingkupViewSetMixin.lingkup``): an agreement outside the user's
region answers 404 exactly like one that does not exist, for reads, every action and every download.
Each transition is one ``POST /api/v1/kerjasama/{kode}/<aksi>/``: a small serializer parses the input,
ONE service does the act (it checks who may act and the rules of law), and the answer is the agreement
as it now stands. A refusal answers 400 ``{"detail","kode","pelanggaran":[…]}`` (inti.api handler).

Who may write is decided by the services from the transition table (workflow.py actors), not by
django-rules model permissions (those are admin-only for kerja sama models), so these viewsets use
``IsAuthenticated`` and leave the rest to the services.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from akun.mixins import LingkupViewSetMixin
from inti.api import HalamanKursor, HalamanNomor
from inti.errors import AturanDilanggar
from inti.unduhan import LAINNYA, TAMPIL, berkas_response

from .. import queries, services
from .. import workflow as W
from ..filtersets import KerjaSamaFilterSet
from . import serializers as s

MULTIPART = [MultiPartParser, FormParser]
JSON_ATAU_FORM = [JSONParser, MultiPartParser, FormParser]
PDF = {(200, "application/pdf"): OpenApiTypes.BINARY, 404: OpenApiResponse(description="Tidak ditemukan")}
# What inti.unduhan.berkas_response answers, by the file's bytes: the kinds accepted on upload, else octet-stream.
BERKAS = {
    **{(200, jenis): OpenApiTypes.BINARY for jenis in (*TAMPIL.values(), LAINNYA)},
    404: OpenApiResponse(description="Tidak ditemukan"),
}
TOLAK = OpenApiResponse(description='Langkah ditolak: {"detail", "kode": "R3", "pelanggaran": [{"kode","pesan","field"}]}')
TIDAK_ADA = OpenApiResponse(description="Tidak ditemukan (atau di luar wilayah kerja)")


class HalamanKursorKerjaSama(HalamanKursor):
    """Newest first; keyset on the id, so page 1,000 costs what page 1 costs."""

    ordering = "-id"


def aksi_kerjasama(summary: str, masukan=s.KosongSerializer, *, multipart: bool = False, description: str = ""):
    """One transition endpoint: ``@aksi_kerjasama("…", SomeSerializer)`` on a viewset method."""

    def hias(fn):
        # ``action`` first: it replaces ``fn.kwargs``, so a schema put there before it would be dropped (every
        # action was once documented with no request body and a bare 200). ``extend_schema`` then finds the
        # action's kwargs and keeps its schema there.
        fn = action(
            detail=True, methods=["post"], url_path=fn.__name__.replace("_", "-"),
            url_name=fn.__name__.replace("_", "-"),
            parser_classes=MULTIPART if multipart else JSON_ATAU_FORM,
        )(fn)
        fn.masukan = masukan  # the input serializer, for readers of the code and the schema test
        return extend_schema(
            summary=summary,
            description=description or summary,
            request=None if masukan is s.KosongSerializer else masukan,
            responses={200: s.KerjaSamaDetailSerializer, 400: TOLAK, 404: TIDAK_ADA},
        )(fn)

    return hias


@extend_schema_view(
    list=extend_schema(
        summary="Daftar kerja sama dalam wilayah kerja",
        description="Halaman kursor, terbaru dahulu. Saring dengan status (boleh beberapa, dipisah koma), "
        "kecamatan (kode), bidang, tahun, jenis, q.",
        responses=s.KerjaSamaRingkasSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="Satu kerja sama: peserta, isi wajib, bukti, linimasa, dan langkah yang dapat Anda lakukan",
        responses={200: s.KerjaSamaDetailSerializer, 404: TIDAK_ADA},
    ),
    create=extend_schema(
        summary="Susun rencana kerja sama baru untuk desa Anda",
        description="Operator/kepala desa; desa pemrakarsa adalah desa pengguna. Desa mitra dengan kode. "
        "Kelurahan (R2) dan desa kabupaten lain (R3) ditolak dengan kode aturannya.",
        request=s.KerjaSamaBuatSerializer,
        responses={201: s.KerjaSamaDetailSerializer, 400: TOLAK},
    ),
    partial_update=extend_schema(
        summary="Ubah isi kerja sama (judul, delapan isi wajib, tanggal)",
        request=s.IsiSerializer,
        responses={200: s.KerjaSamaDetailSerializer, 400: TOLAK, 404: TIDAK_ADA},
    ),
)
class KerjaSamaViewSet(
    LingkupViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    lingkup = staticmethod(queries.kerjasama_list)
    lookup_field = "kode"
    lookup_value_regex = r"KS-[0-9A-Z]{1,9}"
    filterset_class = KerjaSamaFilterSet
    pagination_class = HalamanKursorKerjaSama
    permission_classes = [IsAuthenticated]
    serializer_class = s.KerjaSamaDetailSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    # -- reads ------------------------------------------------------------------------------------

    def list(self, request, *args, **kwargs):
        # The hot path: plain dicts from two queries (page, then its parties), no model instances.
        rows = self.filter_queryset(self.get_queryset()).prefetch_related(None).values(*s.KOLOM_LIST)
        page = self.paginate_queryset(rows)
        peserta = queries.peserta_ringkas_untuk([r["id"] for r in page])
        return self.get_paginated_response([s.baris_kerjasama(r, peserta.get(r["id"], [])) for r in page])

    def retrieve(self, request, *args, **kwargs):
        return self._detail(request, kwargs["kode"])

    def _detail(self, request, kode, status_code=status.HTTP_200_OK) -> Response:
        ks = queries.kerjasama_detail(request.user, kode)
        return Response(s.KerjaSamaDetailSerializer(ks, context={"request": request}).data, status=status_code)

    # -- drafting ---------------------------------------------------------------------------------

    def create(self, request, *args, **kwargs):
        masukan = s.KerjaSamaBuatSerializer(data=request.data, context={"request": request})
        masukan.is_valid(raise_exception=True)
        data = dict(masukan.validated_data)
        mitra = data.pop("mitra", [])
        judul = data.pop("judul")
        desa_sendiri = queries.desa_menurut_kode([request.user.wilayah_kode]).get(request.user.wilayah_kode)
        if desa_sendiri is None or request.user.role not in ("operator_desa", "kepala_desa"):
            raise AturanDilanggar(W.BUKAN_PELAKU_DESA, "Rencana kerja sama disusun oleh operator atau kepala desa.")
        ks = services.kerjasama_buat(oleh=request.user, desa_pemrakarsa=desa_sendiri, judul=judul, mitra=mitra, **data)
        return self._detail(request, ks.kode, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        ks = self._ks()
        masukan = s.IsiSerializer(data=request.data, partial=True, context={"request": request})
        masukan.is_valid(raise_exception=True)
        services.kerjasama_ubah_isi(kerja_sama=ks, oleh=request.user, data=dict(masukan.validated_data))
        return self._detail(request, ks.kode)

    def _ks(self):
        return queries.kerjasama_get(self.request.user, self.kwargs["kode"])

    def _masukan(self, cls, ks):
        masukan = cls(data=self.request.data, context={"request": self.request, "kerja_sama": ks})
        masukan.is_valid(raise_exception=True)
        return masukan

    def _jalankan(self, cls, langkah):
        """Parse with ``cls``, call ``langkah(ks, validated_data, masukan)`` (one service), answer the agreement."""
        ks = self._ks()
        masukan = self._masukan(cls, ks)
        langkah(ks, masukan.validated_data, masukan)
        return self._detail(self.request, ks.kode)

    @aksi_kerjasama("Atur desa mitra (sebelum penawaran; R2, R3)", s.AturMitraSerializer)
    def atur_mitra(self, request, kode=None):
        return self._jalankan(s.AturMitraSerializer, lambda ks, d, m: services.kerjasama_atur_mitra(
            kerja_sama=ks, oleh=request.user, mitra=d["mitra"]))

    @aksi_kerjasama("Simpan tabel kontribusi dana (R9)", s.KontribusiSimpanSerializer)
    def kontribusi(self, request, kode=None):
        return self._jalankan(s.KontribusiSimpanSerializer, lambda ks, d, m: services.kontribusi_simpan(
            kerja_sama=ks, oleh=request.user, baris=[dict(b) for b in d["baris"]]))

    @aksi_kerjasama("Susun BKAD dan anggotanya (R11)", s.BKADSimpanSerializer)
    def bkad(self, request, kode=None):
        return self._jalankan(s.BKADSimpanSerializer, lambda ks, d, m: services.bkad_simpan(
            kerja_sama=ks, oleh=request.user, nama=d["nama"], anggota=[dict(a) for a in d["anggota"]],
            periode_mulai=d.get("periode_mulai"), periode_selesai=d.get("periode_selesai")))

    # -- C1 transitions ---------------------------------------------------------------------------

    @aksi_kerjasama("Mulai persiapan (DRAFT → PERSIAPAN; R2, R10)")
    def siapkan(self, request, kode=None):
        return self._jalankan(s.KosongSerializer, lambda ks, d, m: services.kerjasama_siapkan(
            kerja_sama=ks, oleh=request.user))

    @aksi_kerjasama("Catat Musdes satu desa dengan berita acaranya (R6)", s.MusdesSerializer, multipart=True,
                    description="Desa pemrakarsa saat PERSIAPAN (sepakat → DISETUJUI_MUSDES, tidak sepakat → BATAL); "
                    "desa mitra saat PENAWARAN (persetujuan sebelum menjawab).")
    def musdes(self, request, kode=None):
        return self._jalankan(s.MusdesSerializer, lambda ks, d, m: services.musdes_catat(
            kerja_sama=ks, desa=d["desa"], oleh=request.user, data=m.data_musyawarah(),
            berita_acara=d.get("berita_acara"), daftar_hadir=d.get("daftar_hadir")))

    @aksi_kerjasama("Konfirmasi bidang dalam RPJM Desa dan RKP Desa (R8)", s.RujukanSerializer)
    def konfirmasi_rpjmdes(self, request, kode=None):
        return self._jalankan(s.RujukanSerializer, lambda ks, d, m: services.kerjasama_konfirmasi_rpjmdes(
            kerja_sama=ks, oleh=request.user, rujukan=d["rujukan"]))

    @aksi_kerjasama("Kirim surat penawaran ke setiap desa mitra (R1, R2, R3, R16)", s.KirimPenawaranSerializer,
                    description="Setiap surat memuat batas waktu jawaban (batas_jawab); penawaran yang tidak dijawab "
                    "sampai batas itu dianggap ditolak (BATAS_JAWAB).")
    def kirim_penawaran(self, request, kode=None):
        return self._jalankan(s.KirimPenawaranSerializer, lambda ks, d, m: services.penawaran_kirim(
            kerja_sama=ks, oleh=request.user, tanggal=d.get("tanggal"), batas_jawab=d.get("batas_jawab")))

    @aksi_kerjasama("Jawab penawaran untuk desa Anda (R6, R8)", s.JawabPenawaranSerializer)
    def jawab_penawaran(self, request, kode=None):
        return self._jalankan(s.JawabPenawaranSerializer, lambda ks, d, m: services.penawaran_jawab(
            kerja_sama=ks, desa=d["desa"], oleh=request.user, jawaban=d["jawaban"], catatan=d["catatan"],
            rpjmdes_rujukan=d["rpjmdes_rujukan"], tanggal=d.get("tanggal")))

    @aksi_kerjasama("Tuntaskan penawaran yang lewat batas jawaban (desa pemrakarsa; BATAS_JAWAB)",
                    description="Penawaran yang belum dijawab sampai batas_jawab dianggap ditolak; kerja sama lanjut ke "
                    "penyusunan rancangan bila ada desa mitra yang menerima (R1), bila tidak batal. Tanpa langkah ini "
                    "tugas harian menuntaskannya.")
    def tuntaskan_penawaran(self, request, kode=None):
        return self._jalankan(s.KosongSerializer, lambda ks, d, m: services.penawaran_tuntaskan(
            kerja_sama=ks, oleh=request.user))

    @aksi_kerjasama("Ajukan rancangan ke Dinas PMD kabupaten (R1–R3, R5, R10, R11)")
    def ajukan(self, request, kode=None):
        return self._jalankan(s.KosongSerializer, lambda ks, d, m: services.rancangan_ajukan(
            kerja_sama=ks, oleh=request.user))

    @aksi_kerjasama("Verifikasi rancangan (Dinas PMD; R1, R3, R5, R6, R8)", s.CatatanSerializer)
    def verifikasi(self, request, kode=None):
        return self._jalankan(s.CatatanSerializer, lambda ks, d, m: services.rancangan_verifikasi(
            kerja_sama=ks, oleh=request.user, catatan=d["catatan"]))

    @aksi_kerjasama("Kembalikan rancangan dengan catatan (Dinas PMD)", s.CatatanWajibSerializer)
    def kembalikan(self, request, kode=None):
        return self._jalankan(s.CatatanWajibSerializer, lambda ks, d, m: services.rancangan_kembalikan(
            kerja_sama=ks, oleh=request.user, catatan=d["catatan"]))

    @aksi_kerjasama("Tambah komentar pada linimasa (mis. fasilitasi camat)", s.KomentarSerializer)
    def komentar(self, request, kode=None):
        return self._jalankan(s.KomentarSerializer, lambda ks, d, m: services.komentar_tambah(
            kerja_sama=ks, oleh=request.user, teks=d["teks"]))

    @aksi_kerjasama("Catat Musyawarah Antar Desa dengan berita acaranya (R5, R7, R11)", s.MadSerializer,
                    multipart=True)
    def mad(self, request, kode=None):
        def langkah(ks, d, m):
            desa = d.get("desa")
            if desa is None:
                desa = [p.desa for p in services.peserta_aktif(ks.peserta.select_related("desa"))]
            return services.mad_catat(kerja_sama=ks, oleh=request.user, data=m.data_musyawarah(), desa=desa,
                                      berita_acara=d.get("berita_acara"), daftar_hadir=d.get("daftar_hadir"))

        return self._jalankan(s.MadSerializer, langkah)

    @aksi_kerjasama("Tanda tangani Peraturan Bersama untuk desa Anda (R12)", s.TandatanganiSerializer)
    def tandatangani(self, request, kode=None):
        return self._jalankan(s.TandatanganiSerializer, lambda ks, d, m: services.peraturan_tandatangani(
            kerja_sama=ks, desa=d["desa"], oleh=request.user, kepala_desa_nama=d["kepala_desa_nama"],
            tanggal=d.get("tanggal")))

    @aksi_kerjasama("Unggah pindaian Peraturan Bersama yang sudah ditandatangani (PDF)", s.UnggahTtdSerializer,
                    multipart=True)
    def unggah_ttd(self, request, kode=None):
        def langkah(ks, d, m):
            ph = queries.produk_hukum_list(request.user).filter(
                kerja_sama=ks, jenis__in=queries.JENIS_PERATURAN).order_by("-id").first()
            if ph is None:
                raise DRFValidationError({"file_ttd": "Peraturan Bersama kerja sama ini belum dibuat."})
            return services.peraturan_unggah_ttd(produk_hukum=ph, oleh=request.user, berkas=d["file_ttd"])

        return self._jalankan(s.UnggahTtdSerializer, langkah)

    @aksi_kerjasama("Catat pengundangan dalam Berita Desa untuk desa Anda (R12)", s.UndangkanSerializer)
    def undangkan(self, request, kode=None):
        return self._jalankan(s.UndangkanSerializer, lambda ks, d, m: services.peraturan_undangkan(
            kerja_sama=ks, desa=d["desa"], oleh=request.user, berita_desa_tahun=d["berita_desa_tahun"],
            berita_desa_nomor=d["berita_desa_nomor"], sekretaris_desa_nama=d["sekretaris_desa_nama"],
            tanggal=d.get("tanggal")))

    @aksi_kerjasama("Kirim laporan pelaksanaan", s.LaporanMasukSerializer, multipart=False)
    def laporan(self, request, kode=None):
        return self._jalankan(s.LaporanMasukSerializer, lambda ks, d, m: services.laporan_kirim(
            kerja_sama=ks, oleh=request.user, periode=d["periode"], isi=d["isi"], tanggal=d.get("tanggal"),
            lampiran=d.get("lampiran")))

    @aksi_kerjasama("Ajukan perubahan, penundaan, pembatalan, atau pengakhiran", s.PerubahanMasukSerializer)
    def perubahan(self, request, kode=None):
        return self._jalankan(s.PerubahanMasukSerializer, lambda ks, d, m: services.perubahan_ajukan(
            kerja_sama=ks, oleh=request.user, jenis=d["jenis"], uraian=d["uraian"], alasan=d["alasan"],
            isi_baru=d["isi_baru"]))

    @aksi_kerjasama("Tanda tangani peraturan perubahan untuk desa Anda (§C6 mengubah; R12)", s.TandatanganiSerializer,
                    description="Saat PERUBAHAN_DIPROSES, setelah perubahan disepakati: nomor diambil dari nomor urut "
                    "Peraturan Bersama desa Anda tahun ini.")
    def tandatangani_perubahan(self, request, kode=None):
        return self._jalankan(s.TandatanganiSerializer, lambda ks, d, m: services.perubahan_tandatangani(
            kerja_sama=ks, desa=d["desa"], oleh=request.user, kepala_desa_nama=d["kepala_desa_nama"],
            tanggal=d.get("tanggal")))

    @aksi_kerjasama("Catat Berita Desa peraturan perubahan untuk desa Anda (R12)", s.UndangkanSerializer,
                    description="Setelah semua kepala desa menandatangani; yang terakhir memberlakukan perubahan.")
    def undangkan_perubahan(self, request, kode=None):
        return self._jalankan(s.UndangkanSerializer, lambda ks, d, m: services.perubahan_undangkan(
            kerja_sama=ks, desa=d["desa"], oleh=request.user, berita_desa_tahun=d["berita_desa_tahun"],
            berita_desa_nomor=d["berita_desa_nomor"], sekretaris_desa_nama=d["sekretaris_desa_nama"],
            tanggal=d.get("tanggal")))

    @aksi_kerjasama("Catat tanda tangan pihak ketiga pada perubahan Perjanjian Bersama (§C2; R12)",
                    s.TandatanganiPerubahanPihakKetigaSerializer)
    def tandatangani_perubahan_pihak_ketiga(self, request, kode=None):
        return self._jalankan(s.TandatanganiPerubahanPihakKetigaSerializer, lambda ks, d, m: (
            services.perubahan_tandatangani_pihak_ketiga(
                kerja_sama=ks, oleh=request.user, penandatangan_nama=d["penandatangan_nama"],
                penandatangan_jabatan=d["penandatangan_jabatan"], nomor=d["nomor"], tanggal=d.get("tanggal"))))

    @aksi_kerjasama("Catat penyebarluasan Peraturan Bersama di desa Anda (PP 43/2014 Pasal 88 ayat (3); R12)",
                    s.SebarluaskanSerializer)
    def sebarluaskan(self, request, kode=None):
        return self._jalankan(s.SebarluaskanSerializer, lambda ks, d, m: services.peraturan_sebarluaskan(
            kerja_sama=ks, desa=d["desa"], oleh=request.user, cara=d["cara"], produk_hukum=d.get("produk_hukum"),
            tanggal=d.get("tanggal"), keterangan=d["keterangan"], bukti_berkas=d.get("bukti_berkas")))

    @aksi_kerjasama("Catat musyawarah semua pihak untuk perubahan/penundaan/kelanjutan/pengakhiran (R13)",
                    s.MusyawarahParaPihakSerializer, multipart=True)
    def musyawarah(self, request, kode=None):
        def langkah(ks, d, m):
            return services.musyawarah_para_pihak_catat(
                kerja_sama=ks, oleh=request.user, data=m.data_musyawarah(), desa=d.get("desa"),
                berita_acara=d.get("berita_acara"), daftar_hadir=d.get("daftar_hadir"))

        return self._jalankan(s.MusyawarahParaPihakSerializer, langkah)

    @aksi_kerjasama("Putuskan perubahan yang diajukan, dengan musyawarah semua pihak (R13)",
                    s.PutuskanPerubahanSerializer)
    def putuskan_perubahan(self, request, kode=None):
        return self._jalankan(s.PutuskanPerubahanSerializer, lambda ks, d, m: services.perubahan_putuskan(
            perubahan=d["perubahan"], oleh=request.user, musyawarah=d.get("musyawarah"), disepakati=d["disepakati"],
            tanggal_efektif=d.get("tanggal_efektif")))

    @aksi_kerjasama("Lanjutkan kerja sama yang ditangguhkan (R13)", s.DenganMusyawarahSerializer)
    def lanjutkan(self, request, kode=None):
        return self._jalankan(s.DenganMusyawarahSerializer, lambda ks, d, m: services.kerjasama_lanjutkan(
            kerja_sama=ks, oleh=request.user, musyawarah=d.get("musyawarah")))

    @aksi_kerjasama("Ajukan perselisihan (R14)", s.UraianSerializer)
    def perselisihan(self, request, kode=None):
        return self._jalankan(s.UraianSerializer, lambda ks, d, m: services.perselisihan_ajukan(
            kerja_sama=ks, oleh=request.user, uraian=d["uraian"]))

    @aksi_kerjasama("Teruskan perselisihan ke camat atau bupati/wali kota (R14)", s.PerselisihanPilihSerializer)
    def eskalasi_perselisihan(self, request, kode=None):
        return self._jalankan(s.PerselisihanPilihSerializer, lambda ks, d, m: services.perselisihan_eskalasi(
            perselisihan=d["perselisihan"], oleh=request.user))

    @aksi_kerjasama("Catat penyelesaian perselisihan (R14)", s.SelesaikanPerselisihanSerializer)
    def selesaikan_perselisihan(self, request, kode=None):
        return self._jalankan(s.SelesaikanPerselisihanSerializer, lambda ks, d, m: services.perselisihan_selesaikan(
            perselisihan=d["perselisihan"], oleh=request.user, hasil=d["hasil"], berlanjut=d["berlanjut"],
            berita_acara=d.get("berita_acara")))

    @aksi_kerjasama("Akhiri kerja sama (PP 43/2014 Pasal 147; R13)", s.AkhiriSerializer)
    def akhiri(self, request, kode=None):
        return self._jalankan(s.AkhiriSerializer, lambda ks, d, m: services.kerjasama_akhiri(
            kerja_sama=ks, oleh=request.user, alasan=d["alasan"], musyawarah=d.get("musyawarah")))

    @aksi_kerjasama("Tutup dengan laporan akhir (BERAKHIR → SELESAI)", s.TutupSerializer)
    def tutup(self, request, kode=None):
        return self._jalankan(s.TutupSerializer, lambda ks, d, m: services.kerjasama_tutup(
            kerja_sama=ks, oleh=request.user, laporan_akhir=d["laporan_akhir"]))

    @aksi_kerjasama("Batalkan rencana sebelum penawaran", s.AlasanSerializer)
    def batalkan(self, request, kode=None):
        return self._jalankan(s.AlasanSerializer, lambda ks, d, m: services.kerjasama_batalkan(
            kerja_sama=ks, oleh=request.user, alasan=d["alasan"]))

    # -- §C2 kerja sama dengan pihak ketiga (UU 6/2014 Pasal 93) ------------------------------------

    @aksi_kerjasama("Catat jawaban penawaran kerja sama dengan pihak ketiga (§C2; R6, R-pihak3)",
                    s.JawabPihakKetigaSerializer,
                    description="Kepala desa pemrakarsa saat PENAWARAN: diterima → PENYUSUNAN_RANCANGAN, ditolak → "
                    "BATAL. Prakarsa DESA: jawaban pihak ketiga atas surat desa; prakarsa PIHAK_KETIGA: jawaban desa.")
    def jawab_pihak_ketiga(self, request, kode=None):
        return self._jalankan(s.JawabPihakKetigaSerializer, lambda ks, d, m: services.penawaran_jawab_pihak_ketiga(
            kerja_sama=ks, oleh=request.user, diterima=d["diterima"], catatan=d["catatan"], tanggal=d.get("tanggal"),
            surat_jawaban=d.get("surat_jawaban")))

    @aksi_kerjasama("Catat tanda tangan pihak ketiga pada Perjanjian Bersama (§C2; R12, R4)",
                    s.TandatanganiPihakKetigaSerializer,
                    description="Kepala desa pemrakarsa saat DIVERIFIKASI. Kepala desa menandatangani dengan "
                    "/tandatangani/; tanda tangan yang terakhir membuat Perjanjian Bersama DITANDATANGANI.")
    def tandatangani_pihak_ketiga(self, request, kode=None):
        return self._jalankan(s.TandatanganiPihakKetigaSerializer, lambda ks, d, m: (
            services.perjanjian_tandatangani_pihak_ketiga(
                kerja_sama=ks, oleh=request.user, penandatangan_nama=d["penandatangan_nama"],
                penandatangan_jabatan=d["penandatangan_jabatan"], nomor=d["nomor"], tanggal=d.get("tanggal"),
                bukti_berkas=d.get("bukti_berkas"))))

    @aksi_kerjasama("Perjanjian Bersama mulai berlaku pada tanggal mulainya (§C2 DITANDATANGANI → BERLAKU)",
                    description="Peraturan Bersama antar desa berlaku dengan pengundangan di Berita Desa (R4).")
    def berlakukan(self, request, kode=None):
        return self._jalankan(s.KosongSerializer, lambda ks, d, m: services.kerjasama_berlakukan(
            kerja_sama=ks, oleh=request.user))

    @aksi_kerjasama("Ajukan perselisihan dengan pihak ketiga ke proses hukum setelah fasilitasi (§C2; R14)",
                    s.ProsesHukumSerializer)
    def proses_hukum(self, request, kode=None):
        return self._jalankan(s.ProsesHukumSerializer, lambda ks, d, m: services.perselisihan_proses_hukum(
            perselisihan=d["perselisihan"], oleh=request.user, uraian=d["uraian"]))


# -- shared machinery (read) ----------------------------------------------------------------------

class BacaViewSet(LingkupViewSetMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated]
    pagination_class = HalamanNomor


def _musyawarah_dengan_dokumen(user):
    return queries.musyawarah_list(user).select_related("dokumen")  # its berita acara PDF, in the same query


@extend_schema_view(
    list=extend_schema(summary="Musyawarah (Musdes, MAD) dalam wilayah kerja; saring ?kerja_sama=KS-…"),
    retrieve=extend_schema(summary="Satu musyawarah"),
)
class MusyawarahViewSet(BacaViewSet):
    lingkup = staticmethod(_musyawarah_dengan_dokumen)
    serializer_class = s.MusyawarahSerializer
    filterset_fields = {"jenis": ["exact"], "hasil": ["exact"], "kerja_sama__kode": ["exact"]}


@extend_schema_view(
    list=extend_schema(summary="Produk hukum (Peraturan Bersama, Perjanjian Bersama …) dalam wilayah kerja"),
    retrieve=extend_schema(summary="Satu produk hukum"),
)
class ProdukHukumViewSet(BacaViewSet):
    lingkup = staticmethod(queries.produk_hukum_list)
    serializer_class = s.ProdukHukumSerializer
    filterset_fields = {"jenis": ["exact"], "status": ["exact"], "kerja_sama__kode": ["exact"]}

    @extend_schema(summary="Unduh PDF yang dibuat aplikasi", responses=PDF)
    @action(detail=True, methods=["get"], url_path="pdf", url_name="pdf")
    def pdf(self, request, pk=None):
        ph = self.get_object()
        return berkas_response(ph.file_pdf, f"{ph.kode_verifikasi}-v{ph.versi}.pdf")

    @extend_schema(summary="Unduh pindaian bertanda tangan", responses=PDF)
    @action(detail=True, methods=["get"], url_path="ttd", url_name="ttd")
    def ttd(self, request, pk=None):
        ph = self.get_object()
        return berkas_response(ph.file_ttd, f"{ph.kode_verifikasi}-ttd.pdf")

    @extend_schema(
        summary="Buat ulang PDF yang gagal atau macet",
        description="Pemerintah desa pihak dokumen atau Dinas PMD kabupaten. Ditolak (C6) bila dokumen sudah "
        "ditandatangani dan PDF-nya tersimpan. Jawaban: dokumen sesudah diantrekan (galat_pembuatan terisi bila gagal lagi).",
        request=None, responses={200: s.ProdukHukumSerializer, 400: TOLAK, 404: TIDAK_ADA},
    )
    @action(detail=True, methods=["post"], url_path="buat-ulang", url_name="buat-ulang")
    def buat_ulang(self, request, pk=None):
        ph = services.produk_hukum_buat_ulang(produk_hukum=self.get_object(), oleh=request.user)
        return Response(s.ProdukHukumSerializer(ph).data)


@extend_schema_view(
    list=extend_schema(summary="Dokumen bukti (berita acara, daftar hadir, laporan …) dalam wilayah kerja"),
    retrieve=extend_schema(summary="Satu dokumen bukti"),
)
class DokumenViewSet(BacaViewSet):
    lingkup = staticmethod(queries.dokumen_list)
    serializer_class = s.DokumenSerializer
    filterset_fields = {"jenis": ["exact"], "object_id": ["exact"], "content_type__model": ["exact"]}

    @extend_schema(summary="Unduh berkas dokumen", responses=BERKAS)
    @action(detail=True, methods=["get"], url_path="unduh", url_name="unduh")
    def unduh(self, request, pk=None):
        dok = self.get_object()
        return berkas_response(dok.file, dok.nama_asli)


@extend_schema_view(
    list=extend_schema(summary="Pihak ketiga terdaftar dalam wilayah kerja"),
    retrieve=extend_schema(summary="Satu pihak ketiga"),
    create=extend_schema(
        summary="Daftarkan pihak ketiga di kabupaten Anda (§C2; R-pihak3)",
        description="Pemerintah desa (operator/kepala desa) atau Dinas PMD kabupaten. Jenis selain swasta/badan "
        "usaha, organisasi kemasyarakatan, atau lembaga lainnya ditolak dengan kode R-pihak3.",
        request=s.PihakKetigaBuatSerializer,
        responses={201: s.PihakKetigaSerializer, 400: TOLAK},
    ),
)
class PihakKetigaViewSet(mixins.CreateModelMixin, BacaViewSet):
    lingkup = staticmethod(queries.pihak_ketiga_list)
    serializer_class = s.PihakKetigaSerializer
    filterset_fields = {"jenis": ["exact"]}

    def create(self, request, *args, **kwargs):
        masukan = s.PihakKetigaBuatSerializer(data=request.data)
        masukan.is_valid(raise_exception=True)
        pk = services.pihak_ketiga_buat(oleh=request.user, data=dict(masukan.validated_data))
        return Response(s.PihakKetigaSerializer(pk).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Kotak masuk Anda: siapa bertindak berikutnya"),
    retrieve=extend_schema(summary="Satu notifikasi Anda"),
)
class NotifikasiViewSet(BacaViewSet):
    lingkup = staticmethod(queries.notifikasi_list)
    serializer_class = s.NotifikasiSerializer
    filterset_fields = {"dibaca": ["exact"]}

    @extend_schema(summary="Tandai sudah dibaca", request=None, responses={200: s.NotifikasiSerializer, 404: TIDAK_ADA})
    @action(detail=True, methods=["post"], url_path="baca", url_name="baca")
    def baca(self, request, pk=None):
        n = self.get_object()  # the user's own only: another person's notification is 404
        services.notifikasi_tandai_dibaca(oleh=request.user, notifikasi_id=n.pk)
        n.dibaca = True
        return Response(s.NotifikasiSerializer(n).data)


# -- public register ------------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(summary="Register publik: kerja sama yang berlaku", auth=[],
                       responses=s.KerjaSamaPublikSerializer(many=True)),
    retrieve=extend_schema(summary="Satu kerja sama yang berlaku (register publik)", auth=[],
                           responses={200: s.KerjaSamaPublikSerializer, 404: TIDAK_ADA}),
)
class KerjaSamaPublikViewSet(viewsets.GenericViewSet):
    """Anonymous and read-only: agreements in force only (``queries.register_publik``, unscoped by design)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    serializer_class = s.KerjaSamaPublikSerializer
    pagination_class = HalamanNomor
    lookup_field = "kode"
    lookup_value_regex = r"KS-[0-9A-Z]{1,9}"

    def get_queryset(self):
        return queries.register_publik()

    def _baris(self, rows):
        ids = [r["id"] for r in rows]
        peserta, dokumen = queries.register_peserta(ids), queries.register_dokumen(ids)
        return [s.baris_publik(r, peserta.get(r["id"], []), dokumen.get(r["id"], [])) for r in rows]

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self._baris(page))

    def retrieve(self, request, kode=None):
        return Response(self._baris([queries.register_get(kode)])[0])
