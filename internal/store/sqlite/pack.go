package sqlite

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"

	"github.com/baogao/baogao/internal/report"
)

// A source keeps its raw bytes, its text layer, its cleaned text and its
// offset map as one zstd frame in the raw column (sources.packed = 1):
// the cleaned text nearly repeats the raw, so in one frame it costs
// little more than its differences, report text compresses about 2.5×,
// and the offset map far more. Rows written before (packed = 0) are read
// as they are. The raw bytes come back exact; the migration to
// PostgreSQL checks each file's SHA-256 against them there, where they
// are kept plain (its TOAST compresses large values by itself).

var (
	encoder = sync.OnceValue(func() *zstd.Encoder {
		e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))
		if err != nil {
			panic(err)
		}
		return e
	})
	decoder = sync.OnceValue(func() *zstd.Decoder {
		// A report file is at most tens of MB; a frame claiming more is
		// not one this store wrote.
		d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<30))
		if err != nil {
			panic(err)
		}
		return d
	})
)

// packSource bundles what a source keeps into one compressed frame: each
// part's length as a uvarint (the layer's plus one, 0 for none), then
// the parts.
func packSource(src *report.Source) []byte {
	layer := uint64(0)
	if src.Layer != nil {
		layer = uint64(len(src.Layer)) + 1
	}
	n := len(src.Raw) + len(src.Layer) + len(src.Clean) + len(src.Offsets)
	plain := make([]byte, 0, n+4*binary.MaxVarintLen64)
	plain = binary.AppendUvarint(plain, uint64(len(src.Raw)))
	plain = binary.AppendUvarint(plain, layer)
	plain = binary.AppendUvarint(plain, uint64(len(src.Clean)))
	plain = binary.AppendUvarint(plain, uint64(len(src.Offsets)))
	plain = append(plain, src.Raw...)
	plain = append(plain, src.Layer...)
	plain = append(plain, src.Clean...)
	plain = append(plain, src.Offsets...)
	return encoder().EncodeAll(plain, make([]byte, 0, n/2+64))
}

// PackSource implements report.SourcePacker.
func (s *Store) PackSource(src *report.Source) []byte { return packSource(src) }

// Unbundled is what packSource bundled.
type Unbundled struct {
	Raw, Layer []byte
	Clean      string
	Offsets    []byte
}

var errBundle = report.Errorf(report.Internal, "压缩的来源数据已损坏")

// UnpackSource reverses packSource.
func UnpackSource(b []byte) (Unbundled, error) {
	var u Unbundled
	plain, err := decoder().DecodeAll(b, nil)
	if err != nil {
		return u, fmt.Errorf("%w：%v", errBundle, err)
	}
	var lens [4]uint64
	for i := range lens {
		v, k := binary.Uvarint(plain)
		if k <= 0 {
			return u, errBundle
		}
		lens[i], plain = v, plain[k:]
	}
	layer := lens[1]
	if layer > 0 {
		layer--
	}
	if lens[0]+layer+lens[2]+lens[3] != uint64(len(plain)) {
		return u, errBundle
	}
	u.Raw, plain = plain[:lens[0]:lens[0]], plain[lens[0]:]
	if lens[1] > 0 {
		u.Layer = plain[:layer:layer]
	}
	plain = plain[layer:]
	u.Clean, plain = string(plain[:lens[2]]), plain[lens[2]:]
	u.Offsets = plain
	return u, nil
}

// queryer is a database or a transaction.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// cleanOf reads one source's cleaned text.
func cleanOf(ctx context.Context, q queryer, sourceID int64) (string, error) {
	var raw, text []byte
	var packed bool
	if err := q.QueryRowContext(ctx, `SELECT raw, CAST(clean AS BLOB), packed FROM sources WHERE id = ?`, sourceID).Scan(&raw, &text, &packed); err != nil {
		return "", err
	}
	if !packed {
		return string(text), nil
	}
	u, err := UnpackSource(raw)
	return u.Clean, err
}
