"""API v1 shapes of regions, profiles and commodities.

The desa list is the one hot path (83,762 rows nationally, read page by page): it is built from
``.values()`` rows by ``baris_desa`` without model instances; the serializer class describes the same
shape for the OpenAPI schema and serves the detail view from an instance.
"""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.settings import api_settings

from inti.teks import pesan_terlalu_panjang, teks_api

from ..choices import JenisDesa
from ..models import DesaKomoditas, DesaProfil, Kabupaten, Kecamatan, Komoditas, Provinsi
from ..queries import desa_list, komoditas_desa_list, komoditas_list, profil_list
from ..services import (
    KOMODITAS_DESA_FIELDS,
    PANJANG_KETERANGAN_KOMODITAS,
    PROFIL_FIELDS,
    komoditas_desa_simpan,
    profil_simpan,
)


class WilayahRingkasSerializer(serializers.Serializer):
    kode = serializers.CharField(read_only=True)
    nama = serializers.CharField(read_only=True)


class ProvinsiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provinsi
        fields = ["kode", "nama", "luas_km2", "jumlah_penduduk"]
        read_only_fields = fields


class KabupatenSerializer(serializers.ModelSerializer):
    provinsi = WilayahRingkasSerializer(read_only=True)
    nama_singkat = serializers.CharField(read_only=True)

    class Meta:
        model = Kabupaten
        fields = ["kode", "nama", "nama_singkat", "jenis", "provinsi", "luas_km2", "jumlah_penduduk"]
        read_only_fields = fields


class KecamatanSerializer(serializers.ModelSerializer):
    kabupaten = WilayahRingkasSerializer(read_only=True)

    class Meta:
        model = Kecamatan
        fields = ["kode", "nama", "kabupaten"]
        read_only_fields = fields


# The parent columns the desa list reads (``.values()`` field paths, the keys ``baris_desa`` expects).
KOLOM_DESA = {
    "kec_kode": "kecamatan__kode",
    "kec_nama": "kecamatan__nama",
    "kab_kode": "kecamatan__kabupaten__kode",
    "kab_nama": "kecamatan__kabupaten__nama",
}


def baris_desa(r: dict) -> dict:
    """One desa row of the API from a ``.values("kode", "nama", "jenis", *KOLOM_DESA.values())`` dict.

    The label follows R29 (``Desa.label``): ``Klapasawit — Kalimanah, Purbalingga (33.03.06.2015)``.
    """
    kab_nama = r["kecamatan__kabupaten__nama"]
    kec_nama = r["kecamatan__nama"]
    return {
        "kode": r["kode"],
        "nama": r["nama"],
        "jenis": r["jenis"],
        "label": f"{r['nama']} — {kec_nama}, {kab_nama.removeprefix('Kabupaten ')} ({r['kode']})",
        "kecamatan": {"kode": r["kecamatan__kode"], "nama": kec_nama},
        "kabupaten": {"kode": r["kecamatan__kabupaten__kode"], "nama": kab_nama},
    }


class DesaSerializer(serializers.Serializer):
    """A desa, desa adat or kelurahan with its R29 label and its parents (read only)."""

    kode = serializers.CharField(read_only=True)
    nama = serializers.CharField(read_only=True)
    jenis = serializers.ChoiceField(choices=JenisDesa.choices, read_only=True)
    label = serializers.CharField(read_only=True, help_text="nama — kecamatan, kabupaten (kode) (R29)")
    kecamatan = WilayahRingkasSerializer(read_only=True)
    kabupaten = WilayahRingkasSerializer(read_only=True)

    def to_representation(self, obj) -> dict:
        if isinstance(obj, dict):
            return baris_desa(obj)
        kec = obj.kecamatan
        return baris_desa(
            {
                "kode": obj.kode,
                "nama": obj.nama,
                "jenis": obj.jenis,
                "kecamatan__kode": kec.kode,
                "kecamatan__nama": kec.nama,
                "kecamatan__kabupaten__kode": kec.kabupaten.kode,
                "kecamatan__kabupaten__nama": kec.kabupaten.nama,
            }
        )


class DesaLingkupField(serializers.SlugRelatedField):
    """A desa chosen by its code, among the desa the requesting user may see (STYLE §5).

    A code outside the user's scope reads as unknown, exactly like a code that does not exist.
    """

    default_error_messages = {
        "does_not_exist": "Desa dengan kode {value} tidak ditemukan.",
        "invalid": "Kode desa tidak sah.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "kode")
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return desa_list(request.user if request else None)


class MilikDesaSerializer(serializers.ModelSerializer):
    """Rows that belong to one desa: the desa is set on create and never moves afterwards."""

    desa = DesaLingkupField(help_text="Kode desa, mis. 33.03.06.2015")
    desa_label = serializers.CharField(source="desa.label", read_only=True)

    def validate_desa(self, desa):
        if self.instance is not None and desa.pk != self.instance.desa_id:
            raise serializers.ValidationError("Desa tidak dapat diubah; buat data baru untuk desa lain.")
        return desa

    def _oleh(self):
        return self.context["request"].user

    def build_standard_field(self, field_name, model_field):
        # A CharField of the model keeps its max_length; the message is inti's, as on the pages.
        kelas, kwargs = super().build_standard_field(field_name, model_field)
        maks = kwargs.get("max_length")
        if maks and issubclass(kelas, serializers.CharField):
            kwargs["error_messages"] = {**kwargs.get("error_messages", {}), "max_length": pesan_terlalu_panjang(maks)}
        return kelas, kwargs

    # One row per desa and year (per commodity): checked here in the user's scope, with a message a
    # person can act on, instead of DRF's generated validator (English text, unscoped query).
    kunci_unik: tuple[str, ...] = ()
    pesan_unik = ""

    def lingkup(self, user):
        raise NotImplementedError

    def validate(self, attrs):
        if self.instance is None and self.kunci_unik:
            syarat = {k: attrs[k] for k in self.kunci_unik if k in attrs}
            if len(syarat) == len(self.kunci_unik) and self.lingkup(self._oleh()).filter(**syarat).exists():
                raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [self.pesan_unik]})
        return attrs


class DesaProfilSerializer(MilikDesaSerializer):
    kunci_unik = ("desa", "tahun_data")
    pesan_unik = "Profil desa ini untuk tahun data tersebut sudah ada; ubah profil itu (PUT/PATCH)."

    class Meta:
        model = DesaProfil
        fields = ["id", "desa", "desa_label", "tahun_data", *PROFIL_FIELDS, "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators = []

    def lingkup(self, user):
        return profil_list(user)

    def validate_tahun_data(self, tahun):
        if self.instance is not None and tahun != self.instance.tahun_data:
            raise serializers.ValidationError("Tahun data tidak dapat diubah; buat profil baru untuk tahun lain.")
        return tahun

    def _isian(self, validated: dict) -> dict:
        return {k: v for k, v in validated.items() if k in PROFIL_FIELDS}

    def create(self, validated_data):
        return profil_simpan(
            desa=validated_data["desa"],
            tahun_data=validated_data["tahun_data"],
            data=self._isian(validated_data),
            oleh=self._oleh(),
        )

    def update(self, instance, validated_data):
        return profil_simpan(
            desa=instance.desa, tahun_data=instance.tahun_data, data=self._isian(validated_data), oleh=self._oleh()
        )


class KomoditasSerializer(serializers.ModelSerializer):
    class Meta:
        model = Komoditas
        fields = ["id", "nama", "sektor"]
        read_only_fields = ["id"]

    def create(self, validated_data):
        return super().create({**validated_data, "created_by": self.context["request"].user,
                               "updated_by": self.context["request"].user})

    def update(self, instance, validated_data):
        return super().update(instance, {**validated_data, "updated_by": self.context["request"].user})


class KomoditasLingkupField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": "Komoditas dengan id {pk_value} tidak ditemukan."}

    def get_queryset(self):
        request = self.context.get("request")
        return komoditas_list(request.user if request else None)


class DesaKomoditasSerializer(MilikDesaSerializer):
    komoditas = KomoditasLingkupField()
    komoditas_nama = serializers.CharField(source="komoditas.nama", read_only=True)
    # A TextField in the model: bounded here like the profile page's row (inti/teks.py).
    keterangan = teks_api(PANJANG_KETERANGAN_KOMODITAS, required=False, allow_blank=True,
                          help_text="mis. anyaman bambu, ekspor Belgia dan Kanada")
    kunci_unik = ("desa", "komoditas", "tahun")
    pesan_unik = "Komoditas ini sudah tercatat untuk desa ini pada tahun tersebut; ubah data yang ada."

    class Meta:
        model = DesaKomoditas
        fields = [
            "id", "desa", "desa_label", "komoditas", "komoditas_nama", "tahun", "unggulan", "volume", "satuan",
            "keterangan", "pasar_ekspor", "created_at", "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
        validators = []

    def lingkup(self, user):
        return komoditas_desa_list(user)

    def _isian(self, validated: dict) -> dict:
        return {k: v for k, v in validated.items() if k in KOMODITAS_DESA_FIELDS}

    def create(self, validated_data):
        return komoditas_desa_simpan(desa=validated_data["desa"], data=self._isian(validated_data), oleh=self._oleh())

    def update(self, instance, validated_data):
        return komoditas_desa_simpan(
            komoditas_desa=instance, desa=instance.desa, data=self._isian(validated_data), oleh=self._oleh()
        )
